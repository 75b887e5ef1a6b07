using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Native;

public sealed class SqliteNativeApiTests(SlipwayServerFixture server) : NativeApiTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresNativeApiTests(PostgresServerFixture server) : NativeApiTests<PostgresServerFixture>(server);

/// <summary>Slipway's own API under <c>/api/v1</c>, health, metrics, OpenAPI and the error shape of every surface.</summary>
public abstract class NativeApiTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private readonly MlflowApi _api = server.Api;
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task ServerInfo_reports_name_version_store_and_mlflow_api()
    {
        var info = await GetJsonAsync("/api/v1/server-info");

        Assert.Equal("slipway", info.Str("name"));
        Assert.False(string.IsNullOrWhiteSpace(info.Str("version")));
        Assert.Equal(server.StoreKind, info.Str("store"));
        Assert.True(info.Int64Value("schema_version") >= 1);
        Assert.Equal("2.0", info.Str("mlflow_api"));
        Assert.Equal("mlflow-artifacts:/", info.Str("artifact_root"));
        Assert.Equal("default", info.Str("workspace"));
    }

    [Fact]
    public async Task RunLineage_lists_the_runs_datasets_and_the_model_versions_registered_from_it()
    {
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
        await _api.LogInputsAsync(runId, "train", "d-train", "training");
        await _api.LogInputsAsync(runId, "eval", "d-eval", "evaluation");
        var model = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(model, runId);
        var otherRun = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
        await _api.CreateModelVersionAsync(model, otherRun);

        var lineage = await GetJsonAsync($"/api/v1/runs/{runId}/lineage");

        Assert.Equal(runId, lineage.Str("run.run_id"));
        Assert.Equal(["eval", "train"], lineage.Items("datasets").Select(d => d.Str("dataset.name")).Order());
        var version = Assert.Single(lineage.Items("model_versions"));
        Assert.Equal((model, "1"), (version.Str("name"), version.Str("version")));
    }

    [Fact]
    public async Task RunLineage_of_unknown_run_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _http.GetAsync($"/api/v1/runs/{Guid.NewGuid():N}/lineage");

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task ModelVersionLineage_names_the_source_run_and_its_datasets()
    {
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
        await _api.LogInputsAsync(runId, "train", "d-train", "training");
        var model = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(model, runId);

        var lineage = await GetJsonAsync($"/api/v1/models/{model}/versions/1/lineage");

        Assert.Equal("1", lineage.Str("model_version.version"));
        Assert.Equal(runId, lineage.Str("run.run_id"));
        var dataset = Assert.Single(lineage.Items("datasets"));
        Assert.Equal(("train", "d-train"), (dataset.Str("dataset.name"), dataset.Str("dataset.digest")));
    }

    [Fact]
    public async Task ModelVersionLineage_of_unknown_version_returns_RESOURCE_DOES_NOT_EXIST()
    {
        var model = await _api.CreateRegisteredModelAsync();

        using var response = await _http.GetAsync($"/api/v1/models/{model}/versions/9/lineage");

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Resolve_finds_versions_by_number_alias_stage_and_latest()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var run = await _api.CreateRunAsync(experimentId);
        var runId = run.Str("info.run_id");
        var model = await _api.CreateRegisteredModelAsync();
        for (var i = 0; i < 3; i++)
        {
            await _api.CreateModelVersionAsync(model, runId);
        }

        await _api.PostOkAsync("registered-models/alias", new JsonObject { ["name"] = model, ["alias"] = "champion", ["version"] = "2" });
        await _api.TransitionStageAsync(model, "1", "Production");

        async Task<string> ResolveAsync(string uri) => (await GetJsonAsync("/api/v1/models/resolve?uri=" + Uri.EscapeDataString(uri))).Str("model_version.version");

        Assert.Equal("1", await ResolveAsync($"models:/{model}/1"));
        Assert.Equal("2", await ResolveAsync($"models:/{model}@champion"));
        Assert.Equal("1", await ResolveAsync($"models:/{model}/Production"));
        Assert.Equal("3", await ResolveAsync($"models:/{model}/latest"));
        var resolved = await GetJsonAsync("/api/v1/models/resolve?uri=" + Uri.EscapeDataString($"models:/{model}@champion"));
        Assert.Equal($"models:/{model}@champion", resolved.Str("uri"));
        Assert.Equal(run.Str("info.artifact_uri") + "/model", resolved.Str("download_uri"));
    }

    [Theory]
    [InlineData("not-a-uri")]
    [InlineData("runs:/abc/model")]
    [InlineData("models:/")]
    [InlineData("models:/name/")]
    public async Task Resolve_with_a_malformed_uri_returns_INVALID_PARAMETER_VALUE(string uri)
    {
        using var response = await _http.GetAsync("/api/v1/models/resolve?uri=" + Uri.EscapeDataString(uri));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Resolve_of_unknown_model_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _http.GetAsync("/api/v1/models/resolve?uri=" + Uri.EscapeDataString($"models:/{Names.Unique("missing")}/1"));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Health_live_and_ready_answer_200()
    {
        var live = await GetJsonAsync("/health/live");
        var ready = await GetJsonAsync("/health/ready");

        Assert.Equal("live", live.Str("status"));
        Assert.Equal("ready", ready.Str("status"));
        Assert.Equal("ok", ready.Str("checks.metadata_store"));
    }

    [Fact]
    public async Task Metrics_exposes_http_and_store_metrics_in_prometheus_text()
    {
        await _api.CreateExperimentAsync();

        using var response = await _http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("http_requests_received_total", text, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("slipway_store_operation_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("operation=\"create_experiment\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_is_valid_json_describing_the_native_api()
    {
        var document = await GetJsonAsync("/api/v1/openapi.json");

        Assert.StartsWith("3.", document.Str("openapi"), StringComparison.Ordinal);
        var paths = document.Required("paths").AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/server-info", paths);
        Assert.Contains("/api/v1/runs/{runId}/lineage", paths);
        Assert.Contains("/api/v1/models/{name}/versions/{version}/lineage", paths);
        Assert.Contains("/api/v1/models/resolve", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/2.0", StringComparison.Ordinal) || p.StartsWith("/ajax-api", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/2.0/mlflow/no-such-endpoint")]
    [InlineData("/api/v1/nothing")]
    [InlineData("/definitely/not/here")]
    [InlineData("/definitely/not/here.txt")]
    [InlineData("/api/2.0/mlflow/experiments/get.json")]
    public async Task Unknown_route_returns_ENDPOINT_NOT_FOUND_as_json(string path)
    {
        using var response = await _http.GetAsync(path);

        await AssertError(response, 404, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Malformed_json_body_returns_400_naming_the_problem()
    {
        using var content = new StringContent("{\"name\": ", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/api/2.0/mlflow/experiments/create", content);

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("JSON", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_json_type_returns_400_naming_the_field()
    {
        using var content = new StringContent("{\"max_results\": \"abc\"}", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/api/2.0/mlflow/experiments/search", content);

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("max_results", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_query_string_type_returns_400_naming_the_field()
    {
        using var response = await _api.GetAsync("experiments/search", ("max_results", "abc"));

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("max_results", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_http_method_is_not_answered_with_200()
    {
        using var response = await _http.GetAsync("/api/2.0/mlflow/experiments/create?name=x");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.True((int)response.StatusCode is 404 or 405, $"GET on a POST-only endpoint answered {(int)response.StatusCode}.");
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await ReadOkAsync(response);
    }
}
