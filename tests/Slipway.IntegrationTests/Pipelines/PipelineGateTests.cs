using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Data;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Testing;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>
/// The quality gate on a real server: a candidate is compared with the model version behind an alias, and registered
/// only when it is better; and a dataset is validated by a suite shipped with the code, stopping the run when it fails.
/// </summary>
public sealed class PipelineGateTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private readonly PipelineApi _api = new(server.Http);
    private readonly MlflowApi _mlflow = server.Api;

    [Fact]
    public async Task A_candidate_worse_than_the_champion_is_not_registered()
    {
        var model = await CreateChampionAsync(accuracy: 0.9);

        var run = await RunGatedAsync(model, candidateAccuracy: "0.8");

        Assert.Equal("succeeded", run.Str("status"));
        var gate = PipelineApi.Step(run, "gate");
        Assert.Equal("succeeded", gate.Str("status"));
        Assert.Contains("does not beat", gate.Str("message"), StringComparison.Ordinal);
        var metrics = await MetricsAsync(gate.Str("run_id"));
        Assert.Equal(0.8, metrics["candidate"]);
        Assert.Equal(0.9, metrics["baseline"]);
        Assert.Equal(0, metrics["better"]);
        var register = PipelineApi.Step(run, "register");
        Assert.Equal("skipped", register.Str("status"));
        Assert.Contains("steps.gate.metrics.better == 1", register.Str("message"), StringComparison.Ordinal);
        Assert.Single(await VersionsAsync(model));
        Assert.Equal("1", (await ChampionAsync(model)).Str("version"));
    }

    [Fact]
    public async Task A_candidate_better_than_the_champion_is_registered_from_its_output_and_becomes_champion()
    {
        var model = await CreateChampionAsync(accuracy: 0.9);

        var run = await RunGatedAsync(model, candidateAccuracy: "0.95");

        Assert.Equal("succeeded", run.Str("status"));
        Assert.Equal(1, (await MetricsAsync(PipelineApi.Step(run, "gate").Str("run_id")))["better"]);
        Assert.Equal("succeeded", PipelineApi.Status(run, "register"));
        var evaluateRunId = PipelineApi.Step(run, "evaluate").Str("run_id");
        var versions = await VersionsAsync(model);
        Assert.Equal(["1", "2"], versions.Select(v => v.Str("version")).Order(StringComparer.Ordinal));
        var champion = await ChampionAsync(model);
        Assert.Equal("2", champion.Str("version"));
        Assert.Equal($"runs:/{evaluateRunId}/outputs/model", champion.Str("source"));
        Assert.Equal(evaluateRunId, champion.Str("run_id"));
        var registerRun = await _mlflow.GetRunAsync(PipelineApi.Step(run, "register").Str("run_id"));
        Assert.Equal(2, registerRun.Items("data.metrics").Single(m => m.Str("key") == "model_version").Num("value"));
    }

    [Fact]
    public async Task A_step_output_without_a_usable_descriptor_is_not_registered_and_the_message_says_why()
    {
        var model = Names.Unique("unservable");
        var spec = PipelineApi.Spec(Names.Unique("unservable"), $$$"""
            steps:
              train:
                run: mkdir -p out/model && echo "weights" > out/model/weights.txt
                outputs: {model: out/model/}
              register:
                uses: register-model
                with: {model: {{{model}}}, from: steps.train.outputs.model}
            """);

        var run = await _api.RunAsync(spec);

        Assert.Equal("failed", run.Str("status"));
        var message = PipelineApi.Step(run, "register").Str("message");
        Assert.Contains($"Cannot register '{model}'", message, StringComparison.Ordinal);
        Assert.Contains("no MLmodel file", message, StringComparison.Ordinal);
        var missing = await _mlflow.GetAsync("registered-models/get", ("name", model));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task With_no_champion_at_all_the_candidate_wins_by_default()
    {
        var model = Names.Unique("model");

        var run = await RunGatedAsync(model, candidateAccuracy: "0.5");

        Assert.Equal("succeeded", run.Str("status"));
        var gate = PipelineApi.Step(run, "gate");
        Assert.Contains("wins by default", gate.Str("message"), StringComparison.Ordinal);
        Assert.Equal(1, (await MetricsAsync(gate.Str("run_id")))["better"]);
        Assert.Equal("succeeded", PipelineApi.Status(run, "register"));
        var champion = await ChampionAsync(model);
        Assert.Equal("1", champion.Str("version"));
        Assert.Equal($"runs:/{PipelineApi.Step(run, "evaluate").Str("run_id")}/outputs/model", champion.Str("source"));
    }

    [Fact]
    public async Task A_validate_dataset_step_passes_when_the_suite_holds_and_later_steps_run()
    {
        var (dataset, pipeline, code) = await PrepareValidationAsync();

        var run = await _api.RunAsync(ValidationSpec(pipeline, dataset, "checks/holds.yaml"), code: code);

        Assert.Equal("succeeded", run.Str("status"));
        var validate = PipelineApi.Step(run, "validate");
        Assert.Equal("succeeded", validate.Str("status"));
        Assert.Contains("passed 3 of 3 expectations of checks/holds.yaml", validate.Str("message"), StringComparison.Ordinal);
        var metrics = await MetricsAsync(validate.Str("run_id"));
        Assert.Equal(3, metrics["expectations_passed"]);
        Assert.Equal(0, metrics["expectations_failed"]);
        Assert.Equal("succeeded", PipelineApi.Status(run, "train"));
    }

    [Fact]
    public async Task A_validate_dataset_step_fails_the_run_naming_the_expectation_that_failed()
    {
        var (dataset, pipeline, code) = await PrepareValidationAsync();

        var run = await _api.RunAsync(ValidationSpec(pipeline, dataset, "checks/breaks.yaml"), code: code);

        Assert.Equal("failed", run.Str("status"));
        var validate = PipelineApi.Step(run, "validate");
        Assert.Equal("failed", validate.Str("status"));
        Assert.Contains("failed 1 expectations of checks/breaks.yaml", validate.Str("message"), StringComparison.Ordinal);
        Assert.Contains("range age", validate.Str("message"), StringComparison.Ordinal);
        Assert.DoesNotContain("not_null", validate.Str("message"), StringComparison.Ordinal);
        Assert.Contains("step 'validate' failed", run.Str("message"), StringComparison.Ordinal);
        Assert.Contains("range age", run.Str("message"), StringComparison.Ordinal);
        Assert.Equal("skipped", PipelineApi.Status(run, "train"));
    }

    /// <summary>A registered model whose version 1, from a run with this accuracy, is behind the alias champion.</summary>
    private async Task<string> CreateChampionAsync(double accuracy)
    {
        var runId = await _mlflow.CreateRunIdAsync(await _mlflow.CreateExperimentAsync(), "champion");
        await _mlflow.LogMetricAsync(runId, "accuracy", accuracy);
        var model = await _mlflow.CreateRegisteredModelAsync();
        var version = await _mlflow.CreateModelVersionAsync(model, runId);
        Assert.Equal($"runs:/{runId}/model", version.Str("source"));
        await _mlflow.PostOkAsync("registered-models/alias", new JsonObject { ["name"] = model, ["alias"] = "champion", ["version"] = version.Str("version") });
        return model;
    }

    /// <summary>A model directory the register step accepts: an ONNX model and its MLmodel descriptor.</summary>
    private string ServableModel() => ModelDirectories.Linear(server.Root.Combine("model-" + Guid.NewGuid().ToString("N")), [1f, 2f], 0);

    private async Task<JsonObject> RunGatedAsync(string model, string candidateAccuracy)
    {
        var spec = PipelineApi.Spec(Names.Unique("gated"), $$$"""
            params:
              accuracy: {type: float}
            steps:
              evaluate:
                run: |
                  mkdir -p out && cp -r {{{ServableModel()}}} out/model
                  {{{PipelineApi.LogMetricCommand("accuracy", "${{ params.accuracy }}")}}}
                outputs: {model: out/model/}
              gate:
                uses: compare-model
                with: {candidate: steps.evaluate, model: {{{model}}}, alias: champion, metric: accuracy}
              register:
                uses: register-model
                with: {model: {{{model}}}, from: steps.evaluate.outputs.model, alias: champion}
                when: steps.gate.metrics.better == 1
            """);
        return await _api.RunAsync(spec, new Dictionary<string, string> { ["accuracy"] = candidateAccuracy });
    }

    private async Task<(string Dataset, string Pipeline, string Code)> PrepareValidationAsync()
    {
        var dataset = Names.Unique("customers");
        await new DatasetWire(server.Http).PushAsync(dataset, [DatasetWire.File.Text("customers.csv", "id,age\n1,34\n2,51\n3,29\n", "text/csv")]);
        var pipeline = Names.Unique("validated");
        var code = await _api.PushCodeAsync(
            pipeline,
            ("checks/holds.yaml", """
                expectations:
                  - row_count: {min: 3}
                  - not_null: id
                  - range: {column: age, min: 0, max: 120}
                """),
            ("checks/breaks.yaml", """
                expectations:
                  - not_null: id
                  - range: {column: age, min: 0, max: 40}
                """));
        return (dataset, pipeline, code);
    }

    private static string ValidationSpec(string pipeline, string dataset, string suite) => PipelineApi.Spec(pipeline, $$"""
        steps:
          validate:
            uses: validate-dataset
            with: {dataset: "data:{{dataset}}@latest", suite: {{suite}}}
          train:
            run: echo trained
            needs: [validate]
        """);

    private async Task<Dictionary<string, double>> MetricsAsync(string runId) =>
        (await _mlflow.GetRunAsync(runId)).Items("data.metrics").ToDictionary(m => m.Str("key"), m => m.Num("value"), StringComparer.Ordinal);

    private async Task<IReadOnlyList<JsonObject>> VersionsAsync(string model) =>
        (await _mlflow.GetOkAsync("model-versions/search", ("filter", $"name='{model}'"))).Items("model_versions");

    private async Task<JsonObject> ChampionAsync(string model) =>
        (await _mlflow.GetOkAsync("registered-models/alias", ("name", model), ("alias", "champion"))).Required("model_version").AsObject();
}
