using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Mlflow;

public sealed class SqliteRunsTests(SlipwayServerFixture server) : RunsTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresRunsTests(PostgresServerFixture server) : RunsTests<PostgresServerFixture>(server);

public abstract class RunsTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private readonly MlflowApi _api = server.Api;

    [Fact]
    public async Task CreateRun_returns_a_running_run_with_name_tags_and_proxied_artifact_uri()
    {
        var experimentId = await _api.CreateExperimentAsync();

        var run = await _api.CreateRunAsync(experimentId, "my-run", startTime: 1_700_000_000_000, tags: KeyValues(("team", "vision")));

        var runId = run.Str("info.run_id");
        Assert.Matches("^[0-9a-f]{32}$", runId);
        Assert.Equal(runId, run.Str("info.run_uuid"));
        Assert.Equal(experimentId, run.Str("info.experiment_id"));
        Assert.Equal("my-run", run.Str("info.run_name"));
        Assert.Equal("RUNNING", run.Str("info.status"));
        Assert.Equal("active", run.Str("info.lifecycle_stage"));
        Assert.Equal(1_700_000_000_000, run.Int64Value("info.start_time"));
        var artifactUri = run.Str("info.artifact_uri");
        Assert.StartsWith("mlflow-artifacts:/", artifactUri, StringComparison.Ordinal);
        Assert.Contains(runId, artifactUri, StringComparison.Ordinal);
        run.AssertTag("data.tags", "team", "vision");
        run.AssertTag("data.tags", "mlflow.runName", "my-run");
    }

    [Fact]
    public async Task CreateRun_named_only_by_the_mlflow_runName_tag_uses_it_as_run_name()
    {
        var experimentId = await _api.CreateExperimentAsync();

        var run = await _api.CreateRunAsync(experimentId, tags: KeyValues(("mlflow.runName", "legacy-name")));

        Assert.Equal("legacy-name", run.Str("info.run_name"));
        Assert.Equal("legacy-name", (await _api.GetRunAsync(run.Str("info.run_id"))).Str("info.run_name"));
    }

    [Fact]
    public async Task CreateRun_without_a_name_gets_a_generated_one_mirrored_in_mlflow_runName()
    {
        var experimentId = await _api.CreateExperimentAsync();

        var run = await _api.CreateRunAsync(experimentId);

        var name = run.Str("info.run_name");
        Assert.False(string.IsNullOrWhiteSpace(name));
        run.AssertTag("data.tags", "mlflow.runName", name);
    }

    [Fact]
    public async Task Request_bodies_may_start_with_a_UTF8_byte_order_mark()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var runId = (await _api.CreateRunAsync(experimentId)).Str("info.run_id");

        foreach (var (endpoint, json) in new[]
        {
            ("runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":[{"key":"m","value":1,"timestamp":1,"step":1}]}"""),
            ("runs/log-metric", $$"""{"run_id":"{{runId}}","key":"m","value":2,"timestamp":2,"step":2}"""),
        })
        {
            using var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(json)]);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await _api.Http.PostAsync(_api.Prefix + endpoint, content);
            await MlflowApi.ReadOkAsync(response);
        }

        var history = await _api.GetOkAsync("metrics/get-history", ("run_id", runId), ("metric_key", "m"));
        Assert.Equal(2, history["metrics"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreateRun_in_unknown_experiment_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.PostAsync("runs/create", new JsonObject { ["experiment_id"] = "987654321" });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GetRun_accepts_run_id_and_legacy_run_uuid()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var runId = await _api.CreateRunIdAsync(experimentId, "by-id");

        var byId = await _api.GetOkAsync("runs/get", ("run_id", runId));
        var byUuid = await _api.GetOkAsync("runs/get", ("run_uuid", runId));

        Assert.Equal("by-id", byId.Str("run.info.run_name"));
        Assert.Equal(runId, byUuid.Str("run.info.run_id"));
    }

    [Fact]
    public async Task GetRun_with_unknown_id_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.GetAsync("runs/get", ("run_id", Guid.NewGuid().ToString("N")));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GetRun_without_run_id_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.GetAsync("runs/get");

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("run_id", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateRun_sets_status_end_time_and_run_name()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var runId = await _api.CreateRunIdAsync(experimentId, "before");

        var response = await _api.PostOkAsync("runs/update", new JsonObject
        {
            ["run_id"] = runId,
            ["status"] = "FINISHED",
            ["end_time"] = 1_800_000_000_000,
            ["run_name"] = "after",
        });

        Assert.Equal("FINISHED", response.Str("run_info.status"));
        Assert.Equal("after", response.Str("run_info.run_name"));
        var run = await _api.GetRunAsync(runId);
        Assert.Equal("FINISHED", run.Str("info.status"));
        Assert.Equal(1_800_000_000_000, run.Int64Value("info.end_time"));
        Assert.Equal("after", run.Str("info.run_name"));
        run.AssertTag("data.tags", "mlflow.runName", "after");
    }

    [Fact]
    public async Task UpdateRun_with_unknown_status_returns_INVALID_PARAMETER_VALUE()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var runId = await _api.CreateRunIdAsync(experimentId);

        using var response = await _api.PostAsync("runs/update", new JsonObject { ["run_id"] = runId, ["status"] = "EXPLODED" });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("EXPLODED", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteRun_and_RestoreRun_toggle_the_lifecycle_stage()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var runId = await _api.CreateRunIdAsync(experimentId);

        await _api.PostOkAsync("runs/delete", new JsonObject { ["run_id"] = runId });
        Assert.Equal("deleted", (await _api.GetRunAsync(runId)).Str("info.lifecycle_stage"));

        await _api.PostOkAsync("runs/restore", new JsonObject { ["run_id"] = runId });
        Assert.Equal("active", (await _api.GetRunAsync(runId)).Str("info.lifecycle_stage"));
    }

    [Fact]
    public async Task DeleteRun_of_unknown_run_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.PostAsync("runs/delete", new JsonObject { ["run_id"] = Guid.NewGuid().ToString("N") });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task LogMetric_records_value_step_and_timestamp()
    {
        var runId = await NewRunAsync();

        await _api.PostOkAsync("runs/log-metric", new JsonObject
        {
            ["run_id"] = runId,
            ["key"] = "accuracy",
            ["value"] = 0.875,
            ["timestamp"] = 1_700_000_000_123,
            ["step"] = 7,
        });

        var metric = Assert.Single((await _api.GetRunAsync(runId)).Items("data.metrics"));
        Assert.Equal("accuracy", metric.Str("key"));
        Assert.Equal(0.875, metric.Num("value"));
        Assert.Equal(7, metric.Int64Value("step"));
        Assert.Equal(1_700_000_000_123, metric.Int64Value("timestamp"));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task LogMetric_round_trips_non_finite_values_as_MLflow_strings(string value)
    {
        var runId = await NewRunAsync();

        await _api.PostOkAsync("runs/log-metric", new JsonObject
        {
            ["run_id"] = runId,
            ["key"] = "odd",
            ["value"] = value,
            ["timestamp"] = Now,
            ["step"] = 0,
        });

        var latest = Assert.Single((await _api.GetRunAsync(runId)).Items("data.metrics"));
        Assert.Equal(JsonValueKind.String, latest["value"]!.GetValueKind());
        Assert.Equal(value, latest.Str("value"));
        var history = await _api.GetOkAsync("metrics/get-history", ("run_id", runId), ("metric_key", "odd"));
        Assert.Equal(value, Assert.Single(history.Items("metrics")).Str("value"));
    }

    [Fact]
    public async Task LogMetric_without_timestamp_returns_INVALID_PARAMETER_VALUE()
    {
        var runId = await NewRunAsync();

        using var response = await _api.PostAsync("runs/log-metric", new JsonObject { ["run_id"] = runId, ["key"] = "m", ["value"] = 1 });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("timestamp", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogParam_with_the_same_value_twice_succeeds()
    {
        var runId = await NewRunAsync();
        var body = new JsonObject { ["run_id"] = runId, ["key"] = "lr", ["value"] = "0.01" };

        await _api.PostOkAsync("runs/log-parameter", body);
        await _api.PostOkAsync("runs/log-parameter", body.DeepClone());

        (await _api.GetRunAsync(runId)).AssertTag("data.params", "lr", "0.01");
    }

    [Fact]
    public async Task LogParam_changing_a_value_returns_INVALID_PARAMETER_VALUE_and_keeps_the_first()
    {
        var runId = await NewRunAsync();
        await _api.PostOkAsync("runs/log-parameter", new JsonObject { ["run_id"] = runId, ["key"] = "lr", ["value"] = "0.01" });

        using var response = await _api.PostAsync("runs/log-parameter", new JsonObject { ["run_id"] = runId, ["key"] = "lr", ["value"] = "0.02" });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("lr", message, StringComparison.Ordinal);
        (await _api.GetRunAsync(runId)).AssertTag("data.params", "lr", "0.01");
    }

    [Fact]
    public async Task SetTag_then_DeleteTag_removes_it()
    {
        var runId = await NewRunAsync();

        await _api.PostOkAsync("runs/set-tag", new JsonObject { ["run_id"] = runId, ["key"] = "note", ["value"] = "hello" });
        (await _api.GetRunAsync(runId)).AssertTag("data.tags", "note", "hello");

        await _api.PostOkAsync("runs/delete-tag", new JsonObject { ["run_id"] = runId, ["key"] = "note" });
        Assert.Null((await _api.GetRunAsync(runId)).Items("data.tags").ValueOf("note"));
    }

    [Fact]
    public async Task DeleteTag_of_missing_key_returns_RESOURCE_DOES_NOT_EXIST()
    {
        var runId = await NewRunAsync();

        using var response = await _api.PostAsync("runs/delete-tag", new JsonObject { ["run_id"] = runId, ["key"] = "never-set" });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task LogBatch_records_metrics_params_and_tags()
    {
        var runId = await NewRunAsync();

        await _api.LogBatchAsync(
            runId,
            metrics: [Metric("loss", 0.5, step: 0), Metric("loss", 0.25, step: 1)],
            parameters: KeyValues(("model", "cnn"), ("epochs", "10")),
            tags: KeyValues(("team", "vision")));

        var run = await _api.GetRunAsync(runId);
        var loss = Assert.Single(run.Items("data.metrics"));
        Assert.Equal(0.25, loss.Num("value"));
        Assert.Equal(1, loss.Int64Value("step"));
        run.AssertTag("data.params", "model", "cnn");
        run.AssertTag("data.params", "epochs", "10");
        run.AssertTag("data.tags", "team", "vision");
    }

    [Fact]
    public async Task LogBatch_accepts_1000_metrics()
    {
        var runId = await NewRunAsync();
        var metrics = new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode?)Metric("m", i, step: i)).ToArray());

        await _api.LogBatchAsync(runId, metrics: metrics);

        var history = await _api.GetOkAsync("metrics/get-history", ("run_id", runId), ("metric_key", "m"));
        Assert.Equal(1000, history.Items("metrics").Count);
    }

    [Fact]
    public async Task LogBatch_rejects_1001_metrics_and_logs_none()
    {
        var runId = await NewRunAsync();
        var metrics = new JsonArray(Enumerable.Range(0, 1001).Select(i => (JsonNode?)Metric("m", i, step: i)).ToArray());

        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(runId, metrics: metrics));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Empty((await _api.GetRunAsync(runId)).Items("data.metrics"));
    }

    [Fact]
    public async Task LogBatch_rejects_101_params()
    {
        var runId = await NewRunAsync();
        var parameters = KeyValues(Enumerable.Range(0, 101).Select(i => ($"p{i}", "v")).ToArray());

        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(runId, parameters: parameters));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Empty((await _api.GetRunAsync(runId)).Items("data.params"));
    }

    [Fact]
    public async Task LogBatch_rejects_101_tags()
    {
        var runId = await NewRunAsync();
        var tags = KeyValues(Enumerable.Range(0, 101).Select(i => ($"t{i}", "v")).ToArray());

        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(runId, tags: tags));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task LogBatch_rejects_more_than_1000_entities_in_total()
    {
        var runId = await NewRunAsync();
        var metrics = new JsonArray(Enumerable.Range(0, 900).Select(i => (JsonNode?)Metric("m", i, step: i)).ToArray());
        var parameters = KeyValues(Enumerable.Range(0, 100).Select(i => ($"p{i}", "v")).ToArray());

        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(runId, metrics, parameters, KeyValues(("t", "v"))));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Empty((await _api.GetRunAsync(runId)).Items("data.metrics"));
    }

    [Fact]
    public async Task LogBatch_rejects_a_key_longer_than_250_characters()
    {
        var runId = await NewRunAsync();
        var key = new string('k', 251);

        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(runId, parameters: KeyValues((key, "v"))));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task LogBatch_to_a_deleted_run_returns_INVALID_PARAMETER_VALUE()
    {
        var runId = await NewRunAsync();
        await _api.PostOkAsync("runs/delete", new JsonObject { ["run_id"] = runId });

        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(runId, metrics: [Metric("m", 1)]));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task LogBatch_to_unknown_run_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(Guid.NewGuid().ToString("N"), metrics: [Metric("m", 1)]));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task LogBatch_metric_without_value_returns_400_naming_the_field()
    {
        var runId = await NewRunAsync();
        var metric = new JsonObject { ["key"] = "m", ["timestamp"] = Now };

        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(runId, metrics: [metric]));

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("metrics[0].value", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogInputs_records_datasets_visible_in_get_run()
    {
        var runId = await NewRunAsync();
        var input = new JsonObject
        {
            ["tags"] = KeyValues(("mlflow.data.context", "training")),
            ["dataset"] = new JsonObject
            {
                ["name"] = "iris",
                ["digest"] = "abc123",
                ["source_type"] = "local",
                ["source"] = "{\"uri\": \"file:///data/iris.csv\"}",
                ["schema"] = "{\"mlflow_colspec\": [{\"name\": \"x\", \"type\": \"double\"}]}",
                ["profile"] = "{\"num_rows\": 150}",
            },
        };

        await _api.PostOkAsync("runs/log-inputs", new JsonObject { ["run_id"] = runId, ["datasets"] = new JsonArray(input) });

        var recorded = Assert.Single((await _api.GetRunAsync(runId)).Items("inputs.dataset_inputs"));
        Assert.Equal("iris", recorded.Str("dataset.name"));
        Assert.Equal("abc123", recorded.Str("dataset.digest"));
        Assert.Equal("local", recorded.Str("dataset.source_type"));
        Assert.Equal("{\"uri\": \"file:///data/iris.csv\"}", recorded.Str("dataset.source"));
        Assert.Equal("{\"mlflow_colspec\": [{\"name\": \"x\", \"type\": \"double\"}]}", recorded.Str("dataset.schema"));
        Assert.Equal("{\"num_rows\": 150}", recorded.Str("dataset.profile"));
        recorded.AssertTag("tags", "mlflow.data.context", "training");
    }

    [Fact]
    public async Task LogInputs_without_digest_returns_INVALID_PARAMETER_VALUE()
    {
        var runId = await NewRunAsync();
        var input = new JsonObject { ["dataset"] = new JsonObject { ["name"] = "iris", ["source_type"] = "local", ["source"] = "x" } };

        using var response = await _api.PostAsync("runs/log-inputs", new JsonObject { ["run_id"] = runId, ["datasets"] = new JsonArray(input) });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("digest", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogModel_appends_each_model_to_the_log_model_history_tag()
    {
        var runId = await NewRunAsync();

        await _api.PostOkAsync("runs/log-model", new JsonObject { ["run_id"] = runId, ["model_json"] = ModelJson(runId, "model") });
        await _api.PostOkAsync("runs/log-model", new JsonObject { ["run_id"] = runId, ["model_json"] = ModelJson(runId, "model-v2") });

        var history = (await _api.GetRunAsync(runId)).Items("data.tags").ValueOf("mlflow.log-model.history");
        Assert.NotNull(history);
        var models = Assert.IsType<JsonArray>(JsonNode.Parse(history));
        Assert.Equal(["model", "model-v2"], models.Select(m => m!.Str("artifact_path")));
        Assert.All(models, m => Assert.Equal(runId, m!.Str("run_id")));
    }

    [Fact]
    public async Task LogModel_with_missing_mandatory_fields_returns_400_naming_them()
    {
        var runId = await NewRunAsync();

        using var response = await _api.PostAsync("runs/log-model", new JsonObject { ["run_id"] = runId, ["model_json"] = "{\"artifact_path\": \"model\"}" });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("flavors", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogModel_with_malformed_model_json_returns_INVALID_PARAMETER_VALUE()
    {
        var runId = await NewRunAsync();

        using var response = await _api.PostAsync("runs/log-model", new JsonObject { ["run_id"] = runId, ["model_json"] = "{not json" });

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Ajax_api_prefix_serves_run_endpoints()
    {
        var experimentId = await server.Ajax.CreateExperimentAsync();
        var runId = await server.Ajax.CreateRunIdAsync(experimentId, "ajax-run");

        await server.Ajax.LogMetricAsync(runId, "m", 2.5);

        var run = await server.Ajax.GetRunAsync(runId);
        Assert.Equal("ajax-run", run.Str("info.run_name"));
        Assert.Equal(2.5, Assert.Single(run.Items("data.metrics")).Num("value"));
    }

    private static string ModelJson(string runId, string artifactPath) => new JsonObject
    {
        ["artifact_path"] = artifactPath,
        ["run_id"] = runId,
        ["utc_time_created"] = "2026-01-01 00:00:00.000000",
        ["flavors"] = new JsonObject { ["python_function"] = new JsonObject { ["loader_module"] = "mlflow.sklearn" } },
    }.ToJsonString();

    private async Task<string> NewRunAsync() => await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
}
