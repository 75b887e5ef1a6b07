using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class FullSpecTests
{
    public const string Churn = """
        name: churn
        description: Train and register
        experiment: churn-models
        params:
          lr: {type: float, default: 0.01, description: Learning rate, choices: [0.01, 0.1]}
          epochs: 10
          dataset: {type: string}
          deploy: false
        env: {PYTHONUNBUFFERED: "1", PIPELINE: "${{ pipeline.name }}"}
        concurrency: skip-if-running
        cooldown: 10m
        triggers:
          - schedule: "0 3 * * *"
            timezone: Europe/Paris
          - webhook: true
            params: {epochs: 5}
          - dataset: churn
          - alert: churn-drift
        steps:
          validate:
            uses: validate-dataset
            with: {dataset: "data:churn@latest", suite: checks/churn.yaml}
          train:
            run: python train.py --lr ${{ params.lr }} --depth ${{ matrix.depth }} --out ${{ outputs.model }} --data ${{ inputs.raw }}
            env: {SEED: "1", DATASET: "${{ params.dataset }}"}
            inputs:
              raw: data:churn@latest
            outputs: {model: model/, metrics: metrics.json}
            needs: [validate]
            resources: {cpu: 2, memory: 4Gi, gpu: 1}
            retries: {count: 2, backoff: 10s}
            timeout: 30m
            cache: true
            code: [train.py, src/]
            matrix:
              strategy: random
              budget: 8
              seed: 42
              max_parallel: 2
              rank: {metric: accuracy, goal: maximize}
              values:
                lr2: [0.001, 0.01]
                depth: {int: [2, 8]}
                alpha: {uniform: [0, 1]}
                rate: {log_uniform: [0.0001, 0.1]}
          evaluate:
            run: python eval.py --model ${{ inputs.model }}
            inputs:
              model: steps.train.outputs.model
            retries: 1
          register:
            uses: register-model
            with: {model: churn, from: steps.train.outputs.model, alias: candidate}
          compare:
            uses: compare-model
            with: {candidate: steps.train, model: churn, metric: accuracy}
          promote:
            uses: promote-model
            when: steps.compare.metrics.better == 1 && params.deploy
            with: {model: churn, version: "${{ steps.register.metrics.version }}", alias: champion}
        """;

    [Fact]
    public void Parses_a_realistic_file()
    {
        var spec = Parse(Churn);

        Assert.Equal("churn", spec.Name);
        Assert.Equal("Train and register", spec.Description);
        Assert.Equal("churn-models", spec.ExperimentName);
        Assert.Equal(ConcurrencyPolicy.SkipIfRunning, spec.Concurrency);
        Assert.Equal(TimeSpan.FromMinutes(10), spec.Cooldown);
        Assert.Equal(new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1", ["PIPELINE"] = "${{ pipeline.name }}" }, spec.Env);

        Assert.Collection(
            spec.Params,
            p => Assert.Equal(new ParamSpec("lr", ParamType.Number, "0.01", "Learning rate", p.Choices, new SourceLocation(5, 3)), p),
            p => Assert.Equal(new ParamSpec("epochs", ParamType.WholeNumber, "10", null, null, new SourceLocation(6, 3)), p),
            p => Assert.Equal(new ParamSpec("dataset", ParamType.Text, null, null, null, new SourceLocation(7, 3)), p),
            p => Assert.Equal(new ParamSpec("deploy", ParamType.Boolean, "false", null, null, new SourceLocation(8, 3)), p));
        Assert.Equal(["0.01", "0.1"], spec.Params[0].Choices);

        Assert.Equal(4, spec.Triggers.Count);
        Assert.Equal(TriggerKind.Schedule, spec.Triggers[0].Kind);
        Assert.Equal("0 3 * * *", spec.Triggers[0].Cron);
        Assert.Equal("Europe/Paris", spec.Triggers[0].TimeZone);
        Assert.Equal("schedule:0 3 * * *@Europe/Paris", spec.Triggers[0].Key);
        Assert.Equal(new SourceLocation(13, 5), spec.Triggers[0].Location);
        Assert.Equal(TriggerKind.Webhook, spec.Triggers[1].Kind);
        Assert.Equal("5", spec.Triggers[1].Params["epochs"]);
        Assert.Equal("churn", spec.Triggers[2].Dataset);
        Assert.Equal("churn-drift", spec.Triggers[3].Alert);

        Assert.Equal(["validate", "train", "evaluate", "register", "compare", "promote"], spec.Steps.Select(s => s.Name));

        var validate = spec.FindStep("validate")!;
        Assert.Null(validate.Run);
        Assert.Equal("validate-dataset", validate.Uses);
        Assert.Equal("data:churn@latest", validate.With["dataset"]);
        Assert.Equal("checks/churn.yaml", validate.With["suite"]);
        Assert.Equal(ResourceRequest.None, validate.Resources);

        var train = spec.FindStep("train")!;
        Assert.StartsWith("python train.py --lr ${{ params.lr }}", train.Run, StringComparison.Ordinal);
        Assert.Equal("1", train.Env["SEED"]);
        var input = Assert.Single(train.Inputs);
        Assert.Equal(new InputSpec("raw", "data:churn@latest", InputKind.Dataset, new SourceLocation(27, 7)), input);
        Assert.Equal([new OutputSpec("model", "model/", new SourceLocation(28, 15)), new OutputSpec("metrics", "metrics.json", new SourceLocation(28, 30))], train.Outputs);
        Assert.Equal(["validate"], train.Needs);
        Assert.Equal(new ResourceRequest(2, 4L * 1024 * 1024 * 1024, 1), train.Resources);
        Assert.Equal(new RetryPolicy(2, TimeSpan.FromSeconds(10)), train.Retries);
        Assert.Equal(TimeSpan.FromMinutes(30), train.Timeout);
        Assert.True(train.Cache);
        Assert.Equal(["train.py", "src/"], train.Code);
        Assert.Null(train.When);
        Assert.Equal(new SourceLocation(23, 3), train.Location);

        var matrix = train.Matrix!;
        Assert.Equal(MatrixStrategy.Random, matrix.Strategy);
        Assert.Equal(8, matrix.Budget);
        Assert.Equal(42, matrix.Seed);
        Assert.Equal(2, matrix.MaxParallel);
        Assert.Equal(new RankSpec("accuracy", true), matrix.Rank);
        Assert.Equal(["lr2", "depth", "alpha", "rate"], matrix.Variables.Select(v => v.Name));
        Assert.Equal(["0.001", "0.01"], matrix.Variables[0].Values!);
        Assert.Equal(MatrixDistribution.Choice, matrix.Variables[0].Distribution);
        Assert.Equal(new MatrixVariable("depth", null, MatrixDistribution.WholeNumber, 2, 8), matrix.Variables[1]);
        Assert.Equal(new MatrixVariable("alpha", null, MatrixDistribution.Uniform, 0, 1), matrix.Variables[2]);
        Assert.Equal(new MatrixVariable("rate", null, MatrixDistribution.LogUniform, 0.0001, 0.1), matrix.Variables[3]);

        var evaluate = spec.FindStep("evaluate")!;
        Assert.Equal(InputKind.StepOutput, evaluate.Inputs[0].Kind);
        Assert.Equal(("train", "model"), evaluate.Inputs[0].StepOutput);
        Assert.Equal(new RetryPolicy(1, TimeSpan.FromSeconds(5)), evaluate.Retries);
        Assert.Equal(ResourceRequest.Default, evaluate.Resources);
        Assert.Null(evaluate.Timeout);

        var compare = spec.FindStep("compare")!;
        Assert.Equal("champion", compare.With["alias"]);
        Assert.Equal("maximize", compare.With["goal"]);

        var promote = spec.FindStep("promote")!;
        Assert.Equal("steps.compare.metrics.better == 1 && params.deploy", promote.When!.Text);
        Assert.Equal(["steps.compare.metrics.better", "params.deploy"], promote.When.References);

        var graph = new PipelineGraph(spec);
        Assert.Equal(["validate", "train", "evaluate", "register", "compare", "promote"], graph.TopologicalOrder);
        Assert.Equal(["train"], graph.DependenciesOf("evaluate"));
        Assert.Equal(["train"], graph.DependenciesOf("register"));
        Assert.Equal(["train"], graph.DependenciesOf("compare"));
        Assert.Equal(["register", "compare"], graph.DependenciesOf("promote"));
    }

    [Fact]
    public void The_realistic_file_plans_its_sweep()
    {
        var spec = Parse(Churn);
        var values = ParamValues.Resolve(spec, new Dictionary<string, string> { ["dataset"] = "churn" });
        var plan = PipelinePlan.Build(spec, values);

        Assert.Equal(
            ["validate", "train.1", "train.2", "train.3", "train.4", "train.5", "train.6", "train.7", "train.8", "train", "evaluate", "register", "compare", "promote"],
            plan.Select(p => p.Name));
        var parent = plan.Single(p => p.Name == "train");
        Assert.Equal(8, parent.Variants.Count);
        Assert.Equal(parent.Variants, parent.DependsOn);
        Assert.All(plan.Where(p => p.SweepParent == "train"), v => Assert.Equal(["validate"], v.DependsOn));
        Assert.Equal(["train"], plan.Single(p => p.Name == "evaluate").DependsOn);
    }
}
