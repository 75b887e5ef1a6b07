using System.Net;
using System.Net.Sockets;
using System.Text;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Client.Tests.Client;

public sealed class SlipwayClientTests : IAsyncLifetime, IDisposable
{
    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();
    private readonly SlipwayClient _client;

    public SlipwayClientTests()
    {
        _client = new SlipwayClient(_server.BaseUri);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task An_error_body_becomes_a_SlipwayApiException_with_code_status_and_message()
    {
        _server.Map("GET", "runs/get", FakeResponse.NotFound("Run 'nope' not found"));

        var ex = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.GetRunAsync("nope"));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, ex.Code);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", ex.ErrorCodeName);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("Run 'nope' not found", ex.ServerMessage);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST: Run 'nope' not found", ex.Message);
    }

    [Fact]
    public async Task An_error_without_an_MLflow_body_falls_back_to_the_http_status()
    {
        _server.Map("GET", "runs/get", new FakeResponse(503, "<html>upstream down</html>", "text/html"));

        var ex = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.GetRunAsync("r1"));

        Assert.Equal(ErrorCode.TemporarilyUnavailable, ex.Code);
        Assert.Contains("503", ex.ServerMessage, StringComparison.Ordinal);
        Assert.Contains("upstream down", ex.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_error_code_is_kept_verbatim()
    {
        _server.Map("GET", "runs/get", FakeResponse.Error(400, "SOMETHING_NEW", "new failure"));

        var ex = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.GetRunAsync("r1"));

        Assert.Equal("SOMETHING_NEW", ex.ErrorCodeName);
        Assert.Equal(ErrorCode.BadRequest, ex.Code);
    }

    [Fact]
    public async Task An_unreachable_server_gives_a_clear_connection_error()
    {
        var closedPort = ClosedPort();
        using var client = new SlipwayClient(new Uri($"http://127.0.0.1:{closedPort}"));

        var ex = await Assert.ThrowsAsync<SlipwayConnectionException>(() => client.GetExperimentAsync("1"));

        Assert.StartsWith($"Cannot reach the Slipway server at http://127.0.0.1:{closedPort}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_named_floating_point_values_and_int64_sent_as_strings()
    {
        _server.Map("GET", "runs/get", FakeResponse.Ok(MlflowJson.Run(
            "r1",
            metrics: """[{"key":"a","value":"NaN","timestamp":"1700000000001","step":"3"},{"key":"b","value":"-Infinity","timestamp":1,"step":0},{"key":"c","value":0.5,"timestamp":1,"step":0}]""")));

        var run = await _client.GetRunAsync("r1");

        Assert.True(double.IsNaN(run.Metrics[0].Value));
        Assert.Equal((1700000000001L, 3L), (run.Metrics[0].Timestamp, run.Metrics[0].Step));
        Assert.Equal(double.NegativeInfinity, run.Metrics[1].Value);
        Assert.Equal(0.5, run.Metrics[2].Value);
        Assert.Equal(("r1", "1", RunStatus.Running), (run.Info.RunId, run.Info.ExperimentId, run.Info.Status));
    }

    [Fact]
    public async Task Writes_NaN_and_infinities_as_MLflow_strings()
    {
        _server.Map("POST", "runs/log-batch", FakeResponse.Ok());

        await _client.LogBatchAsync("r1", [new Metric("a", double.NaN, 1, 0), new Metric("b", double.PositiveInfinity, 1, 0)]);

        var body = _server.RequestsTo("runs/log-batch").Single().Body;
        Assert.Contains("\"value\":\"NaN\"", body, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Infinity\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRun_sends_MLflow_field_names()
    {
        _server.Map("POST", "runs/create", FakeResponse.Ok(MlflowJson.Run("r9", "4")));

        var run = await _client.CreateRunAsync("4", runName: "baseline", tags: [new Tag("team", "risk")], startTime: 123, userId: "alice");

        var body = _server.RequestsTo("runs/create").Single().Json;
        Assert.Equal("4", body.GetProperty("experiment_id").GetString());
        Assert.Equal("baseline", body.GetProperty("run_name").GetString());
        Assert.Equal(123, body.GetProperty("start_time").GetInt64());
        Assert.Equal("alice", body.GetProperty("user_id").GetString());
        Assert.Equal("team", body.GetProperty("tags")[0].GetProperty("key").GetString());
        Assert.Equal("r9", run.Info.RunId);
    }

    [Fact]
    public async Task LogBatch_splits_data_beyond_one_request()
    {
        _server.Map("POST", "runs/log-batch", FakeResponse.Ok());

        await _client.LogBatchAsync("r1", Logging.LogBatchSplitterTests.Metrics(2500));

        Assert.Equal([1000, 1000, 500], _server.RequestsTo("runs/log-batch").Select(r => r.ArrayLength("metrics")));
    }

    [Fact]
    public async Task SearchRuns_posts_experiment_ids_filter_order_and_view()
    {
        _server.Map("POST", "runs/search", FakeResponse.Ok("""{"runs":[],"next_page_token":""}"""));

        var page = await _client.SearchRunsAsync(["1", "2"], "metrics.acc > 0.9", ["metrics.acc DESC"], ViewType.All, maxResults: 10);

        var body = _server.RequestsTo("runs/search").Single().Json;
        Assert.Equal(2, body.GetProperty("experiment_ids").GetArrayLength());
        Assert.Equal("metrics.acc > 0.9", body.GetProperty("filter").GetString());
        Assert.Equal("metrics.acc DESC", body.GetProperty("order_by")[0].GetString());
        Assert.Equal("ALL", body.GetProperty("run_view_type").GetString());
        Assert.Equal(10, body.GetProperty("max_results").GetInt32());
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task SearchAllRuns_follows_page_tokens()
    {
        _server.Map("POST", "runs/search", request =>
            request.Json.TryGetProperty("page_token", out var token) && token.GetString() == "p2"
                ? FakeResponse.Ok($$"""{"runs":[{{Inner(MlflowJson.Run("r3"))}}]}""")
                : FakeResponse.Ok($$"""{"runs":[{{Inner(MlflowJson.Run("r1"))}},{{Inner(MlflowJson.Run("r2"))}}],"next_page_token":"p2"}"""));

        var ids = new List<string>();
        await foreach (var run in _client.SearchAllRunsAsync(["1"]))
        {
            ids.Add(run.Info.RunId);
        }

        Assert.Equal(["r1", "r2", "r3"], ids);
        Assert.Equal(2, _server.RequestsTo("runs/search").Count);
    }

    [Fact]
    public async Task GetExperimentByName_returns_null_for_a_missing_experiment()
    {
        _server.Map("GET", "experiments/get-by-name", FakeResponse.NotFound("No experiment"));

        Assert.Null(await _client.GetExperimentByNameAsync("missing"));
        Assert.Equal("missing", _server.RequestsTo("experiments/get-by-name").Single().Query["experiment_name"]);
    }

    [Fact]
    public async Task Registry_searches_use_GET_with_repeated_order_by_keys()
    {
        _server.Map("GET", "registered-models/search", FakeResponse.Ok("""
            {"registered_models":[{"name":"fraud","creation_timestamp":1,"last_updated_timestamp":2,
              "latest_versions":[{"name":"fraud","version":"3","current_stage":"production","status":"READY"}],
              "aliases":[{"alias":"champion","version":"3"}]}]}
            """));

        var page = await _client.SearchRegisteredModelsAsync("name LIKE 'f%'", ["name ASC", "last_updated_timestamp DESC"], maxResults: 5);

        var request = _server.RequestsTo("registered-models/search").Single();
        Assert.Equal(["name ASC", "last_updated_timestamp DESC"], request.QueryValues("order_by"));
        Assert.Equal("name LIKE 'f%'", request.Query["filter"]);
        Assert.Equal("5", request.Query["max_results"]);
        var model = Assert.Single(page.Items);
        Assert.Equal(3, model.LatestVersions[0].Version);
        Assert.Equal(ModelStage.Production, model.LatestVersions[0].CurrentStage);
        Assert.Equal(new RegisteredModelAlias("champion", "3"), model.Aliases[0]);
    }

    [Fact]
    public async Task Model_versions_are_sent_as_strings_and_read_as_numbers()
    {
        _server.Map("POST", "model-versions/transition-stage", FakeResponse.Ok($$"""{"model_version":{{MlflowJson.ModelVersion("fraud", "3", "Production", "[\"champion\"]")}}}"""));

        var version = await _client.TransitionModelVersionStageAsync("fraud", 3, ModelStage.Production, archiveExistingVersions: true);

        var body = _server.RequestsTo("model-versions/transition-stage").Single().Json;
        Assert.Equal("3", body.GetProperty("version").GetString());
        Assert.True(body.GetProperty("archive_existing_versions").GetBoolean());
        Assert.Equal((3L, "Production", ModelVersionStatus.Ready), (version.Version, version.CurrentStage, version.Status));
        Assert.Equal(["champion"], version.Aliases);
    }

    [Fact]
    public async Task Deleting_an_alias_sends_the_parameters_in_the_query_and_the_body()
    {
        _server.Map("DELETE", "registered-models/alias", FakeResponse.Ok());

        await _client.DeleteRegisteredModelAliasAsync("fraud", "champion");

        var request = _server.RequestsTo("registered-models/alias").Single();
        Assert.Equal(("fraud", "champion"), (request.Query["name"], request.Query["alias"]));
        Assert.Equal("champion", request.Json.GetProperty("alias").GetString());
    }

    [Fact]
    public async Task Credentials_are_sent_with_every_request()
    {
        _server.Map("GET", "experiments/get", FakeResponse.Ok($$"""{"experiment":{{MlflowJson.Experiment("1", "x")}}}"""));
        using var client = SlipwayClient.FromEnvironment(new Dictionary<string, string>
        {
            ["SLIPWAY_TRACKING_URI"] = _server.BaseUri.AbsoluteUri,
            ["MLFLOW_TRACKING_TOKEN"] = "t0ken",
        }.GetValueOrDefault);

        var experiment = await client.GetExperimentAsync("1");

        Assert.Equal("Bearer t0ken", _server.RequestsTo("experiments/get").Single().Headers["Authorization"]);
        Assert.Equal(("1", "x", LifecycleStage.Active), (experiment.ExperimentId, experiment.Name, experiment.LifecycleStage));
    }

    [Fact]
    public async Task Artifacts_are_uploaded_downloaded_and_listed_through_the_proxy()
    {
        const string prefix = "/api/2.0/mlflow-artifacts/artifacts";
        _server.Map("PUT", prefix + "/1/r1/artifacts/model%20v1/weights.bin", FakeResponse.Ok());
        _server.Map("GET", prefix + "/1/r1/artifacts/notes.txt", new FakeResponse(200, "hello", "application/octet-stream"));
        _server.Map("GET", prefix, FakeResponse.Ok("""{"files":[{"path":"notes.txt","is_dir":false,"file_size":5},{"path":"model v1","is_dir":true}]}"""));

        await _client.UploadArtifactAsync("1/r1/artifacts/model v1/weights.bin", new MemoryStream([1, 2, 3]));
        using var downloaded = new MemoryStream();
        await _client.DownloadArtifactAsync("1/r1/artifacts/notes.txt", downloaded);
        var entries = await _client.ListArtifactsAsync("1/r1/artifacts");

        Assert.Equal(3, _server.Requests.First(r => r.Method == "PUT").Body.Length);
        Assert.Equal("hello", Encoding.UTF8.GetString(downloaded.ToArray()));
        Assert.Equal("1/r1/artifacts", _server.RequestsTo(prefix).Single().Query["path"]);
        Assert.Equal(["1/r1/artifacts/notes.txt", "1/r1/artifacts/model v1"], entries.Select(e => e.Path));
        Assert.Equal((false, 5L), (entries[0].IsDirectory, entries[0].FileSize));
        Assert.True(entries[1].IsDirectory);
    }

    [Fact]
    public async Task Health_probes_report_readiness()
    {
        _server.Map("GET", "/health/live", FakeResponse.Ok());
        _server.Map("GET", "/health/ready", new FakeResponse(503, "{}"));
        _server.Map("GET", "/api/v1/server-info", FakeResponse.Ok("""{"version":"0.1.0","store_kind":"sqlite","schema_version":3}"""));

        Assert.True(await _client.IsLiveAsync());
        Assert.False(await _client.IsReadyAsync());
        var info = await _client.GetServerInfoAsync();
        Assert.Equal("0.1.0", info.Version);
        Assert.Equal(("sqlite", "3"), (info.Properties["store_kind"], info.Properties["schema_version"]));
    }

    private static string Inner(string runResponse) =>
        runResponse.Trim()["{\"run\":".Length..^1];

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
