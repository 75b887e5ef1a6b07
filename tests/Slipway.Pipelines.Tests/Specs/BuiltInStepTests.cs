using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class BuiltInStepTests
{
    /// <summary>A file whose step <c>s</c> uses <paramref name="uses"/> with <paramref name="with"/> (on line 6); step <c>train</c> has outputs model and metrics.</summary>
    private static string File(string uses, string with) => $$$"""
        name: p
        params: {model: churn, version: 3}
        steps:
          s:
            uses: {{{uses}}}
            with: {{{with}}}
          train: {run: train, outputs: {model: model/, metrics: m.json}}
        """;

    private static IReadOnlyDictionary<string, string> With(string uses, string with) => Parse(File(uses, with)).FindStep("s")!.With;

    private static void Rejects(string uses, string with, string field, string message, int line = 6, int? column = null)
    {
        var e = Fails(File(uses, with));
        var error = Assert.Single(e.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
        Assert.Equal(line, error.Location.Line);
        if (column is { } expected)
        {
            Assert.Equal(expected, error.Location.Column);
        }
    }

    [Fact]
    public void The_catalogue_lists_every_built_in_step_with_documented_keys()
    {
        Assert.Equal(["validate-dataset", "register-model", "promote-model", "compare-model", "batch-score"], BuiltInSteps.All.Select(s => s.Name));
        Assert.All(BuiltInSteps.All, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Description));
            Assert.All(s.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        });
        Assert.Equal(["dataset", "suite"], BuiltInSteps.Find("validate-dataset")!.Fields.Where(f => f.Required).Select(f => f.Name));
        Assert.Equal(["model", "from"], BuiltInSteps.Find("register-model")!.Fields.Where(f => f.Required).Select(f => f.Name));
        Assert.Equal(["description", "alias", "stage"], BuiltInSteps.Find("register-model")!.Fields.Where(f => !f.Required).Select(f => f.Name));
        Assert.Equal(["model", "version"], BuiltInSteps.Find("promote-model")!.Fields.Where(f => f.Required).Select(f => f.Name));
        Assert.Equal(["candidate", "model", "metric"], BuiltInSteps.Find("compare-model")!.Fields.Where(f => f.Required).Select(f => f.Name));
        Assert.Equal("champion", BuiltInSteps.Find("compare-model")!.Field("alias")!.Default);
        Assert.Null(BuiltInSteps.Find("train-model"));
    }

    [Fact]
    public void Validate_dataset_takes_a_dataset_and_a_suite()
    {
        var with = With("validate-dataset", "{dataset: 'data:churn@latest', suite: checks/churn.yaml}");
        Assert.Equal(new Dictionary<string, string> { ["dataset"] = "data:churn@latest", ["suite"] = "checks/churn.yaml" }, with);
        Assert.Equal("data:churn@3", With("validate-dataset", "{dataset: 'data:churn@3', suite: s.yaml}")["dataset"]);
        Assert.Equal("data:churn@${{ params.version }}", With("validate-dataset", "{dataset: 'data:churn@${{ params.version }}', suite: s.yaml}")["dataset"]);

        Rejects("validate-dataset", "{suite: s.yaml}", "steps.s.with", "validate-dataset needs 'dataset': The dataset version to check: data:<name>@<version|tag>.", column: 5);
        Rejects("validate-dataset", "{dataset: 'data:churn@0', suite: s.yaml}", "steps.s.with.dataset", "Invalid dataset reference 'data:churn@0': '0' is not a version number (1, 2, 3 ...). Expected data:<name>@<version|tag>[/<path>].");
        Rejects("validate-dataset", "{dataset: 'data:churn@1', suite: ../s.yaml}", "steps.s.with.suite", "'../s.yaml' leaves its directory ('..' is not allowed)");
        Rejects("validate-dataset", "{dataset: 'data:churn@1', suite: /s.yaml}", "steps.s.with.suite", "expected a relative path, got the absolute path '/s.yaml'");
        Rejects("validate-dataset", "{dataset: 'data:churn@1', suite: s.yaml, severity: warn}", "steps.s.with.severity", "unknown key 'severity' (expected dataset, suite)");
    }

    [Fact]
    public void A_built_in_step_without_with_reports_every_required_key_at_uses()
    {
        var e = Fails("name: p\nsteps:\n  s:\n    uses: register-model\n");
        Assert.Equal(2, e.Errors.Count);
        HasError(e, 4, 5, "steps.s.with", "register-model needs 'model'");
        HasError(e, 4, 5, "steps.s.with", "register-model needs 'from'");
    }

    [Fact]
    public void Register_model_takes_a_model_and_where_it_comes_from()
    {
        var with = With("register-model", "{model: churn, from: steps.train.outputs.model, description: nightly, alias: candidate, stage: staging}");
        Assert.Equal("steps.train.outputs.model", with["from"]);
        Assert.Equal("Staging", with["stage"]);
        Assert.Equal("candidate", with["alias"]);
        Assert.Equal("runs:/abc123/model", With("register-model", "{model: churn, from: 'runs:/abc123/model'}")["from"]);
        Assert.Equal("runs:/${{ params.version }}/model", With("register-model", "{model: '${{ params.model }}', from: 'runs:/${{ params.version }}/model'}")["from"]);
        Assert.Equal(["train"], new PipelineGraph(Parse(File("register-model", "{model: churn, from: steps.train.outputs.model}"))).DependenciesOf("s"));

        Rejects("register-model", "{model: churn, from: train/model}", "steps.s.with.from", "expected steps.<step>.outputs.<output> or runs:/<run id>/<path>, got 'train/model'");
        Rejects("register-model", "{model: churn, from: steps.trian.outputs.model}", "steps.s.with.from", "no step 'trian' in this pipeline");
        Rejects("register-model", "{model: churn, from: steps.train.outputs.weights}", "steps.s.with.from", "step 'train' has no output 'weights' (outputs: model, metrics)");
        Rejects("register-model", "{model: churn, from: steps.s.outputs.model}", "steps.s.with.from", "step 's' cannot refer to itself");
        Rejects("register-model", "{model: churn, from: 'steps.${{ params.model }}.outputs.model'}", "steps.s.with.from", "a step reference cannot hold templates: the step must be known before the run starts");
        Rejects("register-model", "{model: churn, from: 'runs:/'}", "steps.s.with.from", "expected runs:/<run id>/<path>, got 'runs:/'");
        Rejects("register-model", "{model: a/b, from: 'runs:/x/m'}", "steps.s.with.model", "'a/b': a registered model name must not contain '/', which separates the name from the version in models:/ URIs.");
        Rejects("register-model", "{model: m, from: 'runs:/x/m', alias: latest}", "steps.s.with.alias", "'latest': 'latest' alias name (case insensitive) is reserved.");
        Rejects("register-model", "{model: m, from: 'runs:/x/m', stage: live}", "steps.s.with.stage", "expected one of None, Staging, Production, Archived, got 'live'");
        Rejects("register-model", "{model: m, from: 'runs:/x/m', desc: x}", "steps.s.with.desc", "unknown key 'desc' (expected model, from, description, alias, stage)");
    }

    [Fact]
    public void Promote_model_takes_exactly_one_of_alias_and_stage()
    {
        var with = With("promote-model", "{model: churn, version: '${{ steps.train.metrics.version }}', alias: champion}");
        Assert.Equal("champion", with["alias"]);
        Assert.Equal("false", with["archive_existing"]);
        Assert.Equal(["train"], new PipelineGraph(Parse(File("promote-model", "{model: churn, version: '${{ steps.train.metrics.version }}', alias: champion}"))).DependenciesOf("s"));

        var staged = With("promote-model", "{model: churn, version: 3, stage: production, archive_existing: True}");
        Assert.Equal("Production", staged["stage"]);
        Assert.Equal("true", staged["archive_existing"]);

        Rejects("promote-model", "{model: churn, version: 3}", "steps.s.with", "promote-model needs 'alias' or 'stage': where to promote the version to");
        Rejects("promote-model", "{model: churn, version: 3, alias: a, stage: Staging}", "steps.s.with", "promote-model takes alias or stage, not both");
        Rejects("promote-model", "{model: churn, version: 0, alias: a}", "steps.s.with.version", "Model version must be a positive integer, got '0'.");
        Rejects("promote-model", "{model: churn, version: three, alias: a}", "steps.s.with.version", "Model version must be an integer, got 'three'.");
        Rejects("promote-model", "{model: churn, version: 1, stage: Staging, archive_existing: maybe}", "steps.s.with.archive_existing", "expected true or false, got 'maybe'");
        Rejects("promote-model", "{model: churn, version: 1, alias: v2}", "steps.s.with.alias", "'v2': Version alias name 'v2' is reserved.");
        Rejects("promote-model", "{version: 1, alias: a}", "steps.s.with", "promote-model needs 'model': The registered model's name.");
    }

    [Fact]
    public void Compare_model_defaults_to_the_champion_alias_and_maximize()
    {
        var with = With("compare-model", "{candidate: steps.train, model: churn, metric: accuracy}");
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["candidate"] = "steps.train",
                ["model"] = "churn",
                ["metric"] = "accuracy",
                ["alias"] = "champion",
                ["goal"] = "maximize",
                ["min_delta"] = "0",
            },
            with);
        Assert.Equal(["train"], new PipelineGraph(Parse(File("compare-model", "{candidate: steps.train, model: churn, metric: accuracy}"))).DependenciesOf("s"));

        var staged = With("compare-model", "{candidate: steps.train, model: churn, metric: loss, stage: Production, goal: minimize, min_delta: 0.01}");
        Assert.False(staged.ContainsKey("alias"));
        Assert.Equal("Production", staged["stage"]);
        Assert.Equal("minimize", staged["goal"]);
        Assert.Equal("0.01", staged["min_delta"]);

        Rejects("compare-model", "{candidate: train, model: churn, metric: a}", "steps.s.with.candidate", "expected steps.<step>, got 'train'");
        Rejects("compare-model", "{candidate: steps.ghost, model: churn, metric: a}", "steps.s.with.candidate", "no step 'ghost' in this pipeline");
        Rejects("compare-model", "{candidate: steps.s, model: churn, metric: a}", "steps.s.with.candidate", "step 's' cannot refer to itself");
        Rejects("compare-model", "{candidate: steps.train, model: churn, metric: a, alias: x, stage: Staging}", "steps.s.with", "compare-model takes alias or stage, not both");
        Rejects("compare-model", "{candidate: steps.train, model: churn, metric: a, goal: biggest}", "steps.s.with.goal", "expected maximize or minimize, got 'biggest'");
        Rejects("compare-model", "{candidate: steps.train, model: churn, metric: a, min_delta: -1}", "steps.s.with.min_delta", "expected a number, 0 or more, got '-1'");
        Rejects("compare-model", "{candidate: steps.train, model: churn}", "steps.s.with", "compare-model needs 'metric': The metric to compare.");
    }

    [Fact]
    public void With_values_are_single_values_whose_templates_are_checked()
    {
        Rejects("register-model", "{model: [a], from: 'runs:/x/m'}", "steps.s.with.model", "expected a single value, got a list");
        Rejects("register-model", "{model: '${{ params.modle }}', from: 'runs:/x/m'}", "steps.s.with.model", "'params.modle': unknown param 'modle'; did you mean 'model'? (declared: model, version)");
        Rejects("register-model", "{model: m, from: 'runs:/x/m', description: '${{ inputs.x }}'}", "steps.s.with.description", "'inputs.x' is not available in a built-in step's with");
        Rejects("register-model", "{model: m, from: 'runs:/x/m', description: '${{ outputs.x }}'}", "steps.s.with.description", "'outputs.x' is not available in a built-in step's with");
        Assert.Equal("run ${{ pipeline.run_id }} of ${{ step.name }}", With("register-model", "{model: m, from: 'runs:/x/m', description: 'run ${{ pipeline.run_id }} of ${{ step.name }}'}")["description"]);
    }

    [Fact]
    public void ReferencedStep_reads_step_and_step_output_references()
    {
        Assert.Equal("train", BuiltInSteps.ReferencedStep("steps.train"));
        Assert.Equal("train", BuiltInSteps.ReferencedStep("steps.train.outputs.model"));
        Assert.Null(BuiltInSteps.ReferencedStep("runs:/x/model"));
        Assert.Null(BuiltInSteps.ReferencedStep("steps.train.metrics.acc"));
        Assert.Null(BuiltInSteps.ReferencedStep("churn"));
    }
}
