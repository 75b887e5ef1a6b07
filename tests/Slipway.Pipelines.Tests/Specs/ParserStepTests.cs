using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class ParserStepTests
{
    /// <summary>
    /// A file whose step <c>s</c> (at line 4, its keys at column 5) has <paramref name="body"/>; line 1 declares
    /// params lr and epochs, step <c>prep</c> (line 3) has outputs data and stats, and step <c>reg</c> is built in.
    /// </summary>
    private static string File(string body, string extraSteps = "") => $$$"""
        name: p
        params: {lr: 0.1, epochs: 10}
        steps:
          s:
        {{{body}}}
          prep: {run: prep, outputs: {data: data/, stats: stats.json}}
          reg: {uses: register-model, with: {model: m, from: "runs:/abc/model"}}
        {{{extraSteps}}}
        """;

    private static StepSpec Step(string body) => Parse(File(body)).FindStep("s")!;

    private static void Rejects(string body, int line, int column, string field, string message)
    {
        var error = SingleError(File(body));
        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
        Assert.Equal(new SourceLocation(line, column), error.Location);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("Train_2")]
    [InlineData("a-b")]
    public void Step_names_that_are_valid(string name) => Assert.Equal(name, Parse($"name: p\nsteps:\n  {name}: {{run: x}}\n").Steps[0].Name);

    [Theory]
    [InlineData("2train", "")]
    [InlineData("_train", "")]
    [InlineData("train.v2", " (no '.')")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "")]
    public void Step_names_that_are_not(string name, string hint)
    {
        var error = SingleError($"name: p\nsteps:\n  {name}: {{run: x}}\n");
        Assert.Equal(new SourceLocation(3, 3), error.Location);
        Assert.Equal($"steps.{name}", error.Field);
        Assert.Equal($"step names are 1 to 64 letters, digits, '_' and '-', starting with a letter{hint}; got '{name}'", error.Message);
    }

    [Fact]
    public void A_step_is_a_mapping()
    {
        var error = SingleError("name: p\nsteps:\n  a: python train.py\n");
        Assert.Equal("steps.a", error.Field);
        Assert.Equal(new SourceLocation(3, 6), error.Location);
        Assert.StartsWith("expected a mapping such as {run: python train.py}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_has_exactly_one_of_run_and_uses()
    {
        Rejects("    env: {A: b}", 4, 3, "steps.s", "a step needs run (a command) or uses (a built-in step)");
        Rejects("    run: x\n    uses: register-model", 6, 5, "steps.s.uses", "a step has run (a command) or uses (a built-in step), not both");
        Rejects("    run: '  '", 5, 10, "steps.s.run", "expected a command, got an empty text");
        Rejects("    uses: train-model", 5, 11, "steps.s.uses", "unknown built-in step 'train-model' (built-in steps: validate-dataset, register-model, promote-model, compare-model, batch-score)");
        Rejects("    uses: register_model", 5, 11, "steps.s.uses", "unknown built-in step 'register_model'; did you mean 'register-model'? (built-in steps: validate-dataset, register-model, promote-model, compare-model, batch-score)");
    }

    [Fact]
    public void Run_may_be_a_block_of_lines()
    {
        var step = Step("    run: |\n      pip install -r requirements.txt\n      python train.py --lr ${{ params.lr }}");
        Assert.Equal("pip install -r requirements.txt\npython train.py --lr ${{ params.lr }}\n", step.Run);
    }

    [Fact]
    public void With_belongs_to_built_in_steps_and_matrix_to_run_steps()
    {
        Rejects("    run: x\n    with: {a: b}", 6, 5, "steps.s.with", "'with' configures built-in steps (uses); a run step takes its settings in run, env and inputs");
        Rejects(
            "    uses: compare-model\n    with: {candidate: steps.prep, model: m, metric: acc}\n    matrix: {values: {a: [1]}}",
            7, 5, "steps.s.matrix", "built-in steps cannot have a matrix; sweep a run step instead");
    }

    [Theory]
    [InlineData("env", "{A: b}")]
    [InlineData("inputs", "{a: 'data:x@1'}")]
    [InlineData("outputs", "{a: a/}")]
    [InlineData("resources", "{cpu: 1}")]
    [InlineData("code", "[a.py]")]
    public void Process_settings_belong_to_run_steps(string key, string value) =>
        Rejects(
            $"    uses: register-model\n    with: {{model: m, from: 'runs:/abc/m'}}\n    {key}: {value}",
            7, 5, $"steps.s.{key}", $"'{key}' applies to run steps; built-in steps run inside the server");

    [Fact]
    public void Built_in_steps_keep_needs_when_retries_timeout_and_cache()
    {
        var step = Step("    uses: register-model\n    with: {model: m, from: 'runs:/abc/m'}\n    needs: prep\n    when: params.epochs > 1\n    retries: 3\n    timeout: 1m\n    cache: false");
        Assert.Equal("register-model", step.Uses);
        Assert.Null(step.Run);
        Assert.Equal(["prep"], step.Needs);
        Assert.Equal("params.epochs > 1", step.When!.Text);
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(5)), step.Retries);
        Assert.Equal(TimeSpan.FromMinutes(1), step.Timeout);
        Assert.False(step.Cache);
        Assert.Equal(ResourceRequest.None, step.Resources);
    }

    [Fact]
    public void Inputs_are_classified_by_prefix()
    {
        var step = Step("""
                run: x
                inputs:
                  raw: data:churn@latest
                  v3: data:churn@3/train.csv
                  bare: data:churn
                  data: steps.prep.outputs.data
                  old: runs:/0a1b2c/model
                  whole: runs:/0a1b2c
                  pinned: data:churn@${{ params.epochs }}
                  prior: runs:/${{ steps.prep.metrics.run }}/model
            """);

        Assert.Equal(
            [InputKind.Dataset, InputKind.Dataset, InputKind.Dataset, InputKind.StepOutput, InputKind.RunArtifact, InputKind.RunArtifact, InputKind.Dataset, InputKind.RunArtifact],
            step.Inputs.Select(i => i.Kind));
        Assert.Equal("data:churn@3/train.csv", step.Inputs[1].Source);
        Assert.Equal(("prep", "data"), step.Inputs[3].StepOutput);
        Assert.Equal(new SourceLocation(7, 7), step.Inputs[0].Location);
        Assert.Equal(["prep"], new PipelineGraph(Parse(File("""
                run: x
                inputs:
                  prior: runs:/${{ steps.prep.metrics.run }}/model
            """))).DependenciesOf("s"));
    }

    [Theory]
    [InlineData("raw: churn@3", "expected data:<name>@<version|tag>[/path], steps.<step>.outputs.<output> or runs:/<run id>/<path>, got 'churn@3'")]
    [InlineData("raw: 'data:churn@0'", "Invalid dataset reference 'data:churn@0': '0' is not a version number (1, 2, 3 ...). Expected data:<name>@<version|tag>[/<path>].")]
    [InlineData("raw: 'data:-x@1'", "Invalid dataset reference 'data:-x@1': the dataset name '-x' must be 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit. Expected data:<name>@<version|tag>[/<path>].")]
    [InlineData("raw: steps.prep.outputs", "expected steps.<step>.outputs.<output>, got 'steps.prep.outputs'")]
    [InlineData("raw: steps.ghost.outputs.data", "no step 'ghost' in this pipeline")]
    [InlineData("raw: steps.pre.outputs.data", "no step 'pre' in this pipeline; did you mean 'prep'?")]
    [InlineData("raw: steps.prep.outputs.dat", "step 'prep' has no output 'dat'; did you mean 'data'? (outputs: data, stats)")]
    [InlineData("raw: steps.s.outputs.x", "step 's' cannot take its own output as input")]
    [InlineData("raw: steps.reg.outputs.model", "step 'reg' is a built-in step, which has no outputs")]
    [InlineData("raw: steps.${{ params.lr }}.outputs.data", "a step output cannot hold templates: the step must be known before the run starts")]
    [InlineData("raw: 'runs:/'", "expected runs:/<run id>/<path>, got 'runs:/'")]
    [InlineData("raw: runs:/abc/../x", "'../x' leaves its directory ('..' is not allowed)")]
    [InlineData("raw: 'data:churn@${{ params.rate }}'", "'params.rate': unknown param 'rate' (declared: lr, epochs)")]
    [InlineData("raw: 'data:churn@${{ inputs.other }}'", "'inputs.other' is not available in an input's source")]
    [InlineData("raw: ''", "expected data:<name>@<version|tag>, steps.<step>.outputs.<output> or runs:/<run id>/<path>, got an empty text")]
    public void Input_errors(string input, string message) =>
        Rejects($"    run: x\n    inputs:\n      {input}", 7, 12, "steps.s.inputs.raw", message);

    [Fact]
    public void Input_and_output_names_are_checked()
    {
        Rejects("    run: x\n    inputs:\n      my.raw: 'data:x@1'", 7, 7, "steps.s.inputs.my.raw", "input names are 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'; got 'my.raw'");
        Rejects("    run: x\n    outputs:\n      1model: m/", 7, 7, "steps.s.outputs.1model", "output names are 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'; got '1model'");
        Rejects("    run: x\n    inputs: [a]", 6, 13, "steps.s.inputs", "expected a mapping such as {raw: data:churn@latest}, got a list");
    }

    [Theory]
    [InlineData("/abs/model", "expected a relative path, got the absolute path '/abs/model'")]
    [InlineData("'C:/model'", "expected a relative path, got the absolute path 'C:/model'")]
    [InlineData("'~/model'", "expected a relative path, got the absolute path '~/model'")]
    [InlineData("../model", "'../model' leaves its directory ('..' is not allowed)")]
    [InlineData("a/../../b", "'a/../../b' leaves its directory ('..' is not allowed)")]
    [InlineData("'model-${{ params.lr }}'", "an output's path is fixed: templates are not allowed")]
    public void Output_paths_are_relative_and_fixed(string path, string message) =>
        Rejects($"    run: x\n    outputs:\n      model: {path}", 7, 14, "steps.s.outputs.model", message);

    [Fact]
    public void Outputs_keep_their_paths()
    {
        var step = Step("    run: x\n    outputs: {model: model/, report: out/report.html, dotted: ./a..b}");
        Assert.Equal(["model/", "out/report.html", "./a..b"], step.Outputs.Select(o => o.Path));
    }

    [Fact]
    public void Needs_is_a_list_or_a_single_name_of_other_steps()
    {
        Assert.Equal(["prep"], Step("    run: x\n    needs: prep").Needs);
        Assert.Equal(["prep", "reg"], Step("    run: x\n    needs: [prep, reg, prep]").Needs);

        var e = Fails(File("    run: x\n    needs: [s, ghost, pre]"));
        Assert.Equal(3, e.Errors.Count);
        HasError(e, 6, 13, "steps.s.needs", "step 's' cannot need itself");
        HasError(e, 6, 16, "steps.s.needs", "no step 'ghost' in this pipeline");
        HasError(e, 6, 23, "steps.s.needs", "no step 'pre' in this pipeline; did you mean 'prep'?");
    }

    [Fact]
    public void Needs_may_point_forward_in_the_file()
    {
        var spec = Parse("name: p\nsteps:\n  b: {run: b, needs: a}\n  a: {run: a}\n");
        Assert.Equal(["a"], spec.Steps[0].Needs);
    }

    [Theory]
    [InlineData("{cpu: 2, memory: 4Gi, gpu: 1}", 2, 4L * 1024 * 1024 * 1024, 1)]
    [InlineData("{cpu: 500m}", 0.5, 0, 0)]
    [InlineData("{cpu: 0.25, memory: 512Mi}", 0.25, 512L * 1024 * 1024, 0)]
    [InlineData("{memory: 1024}", 1, 1024, 0)]
    [InlineData("{gpu: 2}", 1, 0, 2)]
    [InlineData("{}", 1, 0, 0)]
    public void Resources_default_to_one_cpu(string resources, double cpu, long memory, int gpu) =>
        Assert.Equal(new ResourceRequest(cpu, memory, gpu), Step($"    run: x\n    resources: {resources}").Resources);

    [Theory]
    [InlineData("{cpu: two}", 22, "steps.s.resources.cpu", "expected a CPU count above 0 such as 2, 0.5 or 500m, got 'two'")]
    [InlineData("{cpu: 0}", 22, "steps.s.resources.cpu", "expected a CPU count above 0 such as 2, 0.5 or 500m, got '0'")]
    [InlineData("{memory: 4GB!}", 25, "steps.s.resources.memory", "expected a memory size such as 512Mi, 4Gi, 1G, 500M or a number of bytes, got '4GB!'")]
    [InlineData("{gpu: one}", 22, "steps.s.resources.gpu", "expected a whole number, got 'one'")]
    [InlineData("{gpu: 1.5}", 22, "steps.s.resources.gpu", "expected a whole number, got '1.5'")]
    [InlineData("{gpu: -1}", 22, "steps.s.resources.gpu", "expected a whole number from 0 to 64, got '-1'")]
    [InlineData("2", 16, "steps.s.resources", "expected a mapping such as {cpu: 2, memory: 4Gi, gpu: 1}, got '2'")]
    public void Resource_errors(string resources, int column, string field, string message) =>
        Rejects($"    run: x\n    resources: {resources}", 6, column, field, message);

    [Theory]
    [InlineData("2", 2, 5_000)]
    [InlineData("0", 0, 5_000)]
    [InlineData("{count: 3, backoff: 1m}", 3, 60_000)]
    [InlineData("{count: 1}", 1, 5_000)]
    [InlineData("{count: 1, backoff: 0}", 1, 0)]
    public void Retries_are_a_count_or_a_count_with_backoff(string retries, int count, long backoffMs) =>
        Assert.Equal(new RetryPolicy(count, TimeSpan.FromMilliseconds(backoffMs)), Step($"    run: x\n    retries: {retries}").Retries);

    [Theory]
    [InlineData("two", 14, "steps.s.retries", "expected a whole number, got 'two'")]
    [InlineData("-1", 14, "steps.s.retries", "expected a whole number from 0 to 100, got '-1'")]
    [InlineData("101", 14, "steps.s.retries", "expected a whole number from 0 to 100, got '101'")]
    [InlineData("{backoff: 1m}", 5, "steps.s.retries", "missing 'count': how many times to retry, such as {count: 2, backoff: 10s}")]
    [InlineData("{count: 1, backoff: soon}", 34, "steps.s.retries.backoff", "expected a duration such as 30s, 10m, 1h30m, 2d, 500ms or a number of seconds, got 'soon'")]
    public void Retry_errors(string retries, int column, string field, string message) =>
        Rejects($"    run: x\n    retries: {retries}", 6, column, field, message);

    [Fact]
    public void Timeout_is_a_positive_duration()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Step("    run: x\n    timeout: 1h30m").Timeout);
        Rejects("    run: x\n    timeout: 0s", 6, 14, "steps.s.timeout", "a timeout must be more than 0; leave it out for none");
        Rejects("    run: x\n    timeout: forever", 6, 14, "steps.s.timeout", "expected a duration such as 30s, 10m, 1h30m, 2d, 500ms or a number of seconds, got 'forever'");
    }

    [Fact]
    public void Cache_is_a_boolean_defaulting_to_true()
    {
        Assert.False(Step("    run: x\n    cache: false").Cache);
        Assert.True(Step("    run: x\n    cache: true").Cache);
        Rejects("    run: x\n    cache: sometimes", 6, 12, "steps.s.cache", "expected true or false, got 'sometimes'");
    }

    [Fact]
    public void Code_is_relative_paths_or_globs()
    {
        Assert.Equal(["train.py", "src/", "lib/**/*.py"], Step("    run: x\n    code: [train.py, src/, 'lib/**/*.py']").Code);
        Assert.Equal(["train.py"], Step("    run: x\n    code: train.py").Code);

        var e = Fails(File("    run: x\n    code: [/etc/passwd, ../shared]"));
        Assert.Equal(2, e.Errors.Count);
        HasError(e, 6, 12, "steps.s.code", "expected a relative path, got the absolute path '/etc/passwd'");
        HasError(e, 6, 25, "steps.s.code", "'../shared' leaves its directory ('..' is not allowed)");
    }

    [Fact]
    public void Step_env_is_text_and_may_use_templates()
    {
        var step = Step("    run: x\n    env: {SEED: 1, LR: '${{ params.lr }}', OUT: '${{ outputs.m }}'}\n    outputs: {m: m/}");
        Assert.Equal(new Dictionary<string, string> { ["SEED"] = "1", ["LR"] = "${{ params.lr }}", ["OUT"] = "${{ outputs.m }}" }, step.Env);
    }

    [Fact]
    public void Templates_may_refer_to_what_the_file_declares()
    {
        var step = Step("""
                run: >-
                  python train.py --lr ${{ params.lr }} --depth ${{ matrix.depth }}
                  --in ${{ inputs.raw }} --out ${{ outputs.model }} --run ${{ pipeline.run_id }}
                  --name ${{ pipeline.name }}/${{ step.name }} --why ${{ trigger.kind }}:${{ trigger.detail }}
                  --stats ${{ steps.prep.metrics.rows }}
                inputs: {raw: 'data:churn@1'}
                outputs: {model: model/}
                matrix: {values: {depth: [2, 4]}}
            """);
        Assert.Contains("--depth ${{ matrix.depth }}", step.Run, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_naming_anything_else_are_rejected()
    {
        var e = Fails(File("""
                run: >-
                  ${{ params.rate }} ${{ matrix.depth }} ${{ inputs.raw }} ${{ outputs.modle }}
                  ${{ steps.ghost.metrics.x }} ${{ steps.s.metrics.x }} ${{ steps.prep.status }}
                  ${{ bogus }}
                outputs: {model: model/}
            """));

        Assert.Equal(
            [
                "'params.rate': unknown param 'rate' (declared: lr, epochs)",
                "'matrix.depth': matrix values are available in steps with a matrix only",
                "'inputs.raw': step 's' has no input 'raw' (it declares no inputs)",
                "'outputs.modle': step 's' has no output 'modle'; did you mean 'model'? (outputs: model)",
                "'steps.ghost.metrics.x': no step 'ghost' in this pipeline",
                "'steps.s.metrics.x': step 's' cannot refer to its own metrics",
                "'steps.prep.status' at character 133 is not something a template can refer to (expected params.<name>, matrix.<var>, inputs.<name>, outputs.<name>, pipeline.name, pipeline.run_id, trigger.kind, trigger.detail, step.name or steps.<step>.metrics.<key>)",
                "'bogus' at character 158 is not something a template can refer to (expected params.<name>, matrix.<var>, inputs.<name>, outputs.<name>, pipeline.name, pipeline.run_id, trigger.kind, trigger.detail, step.name or steps.<step>.metrics.<key>)",
            ],
            e.Errors.Select(x => x.Message));
        Assert.All(e.Errors, x => Assert.Equal("steps.s.run", x.Field));
        Assert.All(e.Errors, x => Assert.Equal(new SourceLocation(5, 10), x.Location));

        Rejects("    run: 'x ${{ steps.ghost.metrics.x }}'", 5, 10, "steps.s.run", "'steps.ghost.metrics.x': no step 'ghost' in this pipeline");
        Rejects("    run: 'x ${{ steps.s.metrics.x }}'", 5, 10, "steps.s.run", "'steps.s.metrics.x': step 's' cannot refer to its own metrics");
        Rejects("    run: 'x ${{ steps.prep.status }}'", 5, 10, "steps.s.run", "'steps.prep.status' at character 3 is not something a template can refer to (expected params.<name>, matrix.<var>, inputs.<name>, outputs.<name>, pipeline.name, pipeline.run_id, trigger.kind, trigger.detail, step.name or steps.<step>.metrics.<key>)");
        Rejects("    run: x\n    env: {A: '${{ matrix.x }}'}\n    matrix: {values: {y: [1]}}", 6, 14, "steps.s.env.A", "'matrix.x': no matrix variable 'x' (variables: y)");
    }

    [Fact]
    public void A_faulty_input_or_output_is_reported_once_not_again_where_templates_use_it()
    {
        var e = Fails(File("    run: cp ${{ inputs.raw }} ${{ outputs.model }}\n    inputs: {raw: 'churn@1'}\n    outputs: {model: /abs}"));
        Assert.Equal(["steps.s.inputs.raw", "steps.s.outputs.model"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void Conditions_are_parsed_and_may_refer_to_what_the_file_declares()
    {
        var step = Step("    run: x\n    when: \"${{ steps.prep.status == 'succeeded' && params.lr < 1 && matrix.a != 2 && trigger.kind == 'manual' }}\"\n    matrix: {values: {a: [1, 2]}}");
        Assert.Equal(["steps.prep.status", "params.lr", "matrix.a", "trigger.kind"], step.When!.References);
        Assert.Equal(["prep"], step.When.ReferencedSteps);
    }

    [Theory]
    [InlineData("params.rate > 1", "'params.rate': unknown param 'rate' (declared: lr, epochs)")]
    [InlineData("steps.ghost.status == 'failed'", "'steps.ghost.status': no step 'ghost' in this pipeline")]
    [InlineData("steps.s.status == 'failed'", "'steps.s.status': step 's' cannot refer to its own status")]
    [InlineData("matrix.a == 1", "'matrix.a': matrix values are available in steps with a matrix only")]
    [InlineData("params.lr =", "invalid condition 'params.lr =': use '==' to compare (at character 11)")]
    [InlineData("inputs.raw", "invalid condition 'inputs.raw': 'inputs.raw' is not something a condition can refer to (expected params.<name>, matrix.<var>, steps.<step>.metrics.<key>, steps.<step>.status, trigger.kind or trigger.detail) (at character 1)")]
    public void Condition_errors(string condition, string message) =>
        Rejects($"    run: x\n    when: \"{condition}\"", 6, 11, "steps.s.when", message);

    [Fact]
    public void A_condition_makes_the_step_wait_for_the_steps_it_names()
    {
        var spec = Parse(File("    run: x\n    when: steps.prep.metrics.rows > 0"));
        Assert.Equal(["prep"], new PipelineGraph(spec).DependenciesOf("s"));
    }
}
