using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Slipway.Client.Tests.Infrastructure;

namespace Slipway.Client.Tests.Cli;

public sealed class ClientCommandTests : IAsyncLifetime
{
    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Experiments_list_prints_a_table()
    {
        _server.Map("POST", "experiments/search", FakeResponse.Ok($$"""
            {"experiments":[{{MlflowJson.Experiment("0", "Default")}},{{MlflowJson.Experiment("7", "fraud-detection")}}]}
            """));

        var result = await CliRunner.RunAgainstAsync(_server, "experiments", "list", "--view", "all");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("fraud-detection", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Artifact location", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("mlflow-artifacts:/7", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("ALL", _server.RequestsTo("experiments/search").Single().Json.GetProperty("view_type").GetString());
    }

    [Fact]
    public async Task Experiments_list_follows_pages_up_to_max_results()
    {
        _server.Map("POST", "experiments/search", request =>
            request.Json.TryGetProperty("page_token", out _)
                ? FakeResponse.Ok($$"""{"experiments":[{{MlflowJson.Experiment("3", "c")}}],"next_page_token":"t3"}""")
                : FakeResponse.Ok($$"""{"experiments":[{{MlflowJson.Experiment("1", "a")}},{{MlflowJson.Experiment("2", "b")}}],"next_page_token":"t2"}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "experiments", "list", "--max-results", "3", "--output", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["1", "2", "3"], json.RootElement.EnumerateArray().Select(e => e.GetProperty("experiment_id").GetString()));
        Assert.Equal("ACTIVE", json.RootElement[0].GetProperty("lifecycle_stage").GetString());
        Assert.Equal([3, 1], _server.RequestsTo("experiments/search").Select(r => r.Json.GetProperty("max_results").GetInt32()));
    }

    [Fact]
    public async Task Experiments_create_prints_the_new_id()
    {
        _server.Map("POST", "experiments/create", FakeResponse.Ok("""{"experiment_id":"42"}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "experiments", "create", "fraud", "--tag", "team=risk");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Created experiment 'fraud' with id 42.", result.Stdout, StringComparison.Ordinal);
        var body = _server.RequestsTo("experiments/create").Single().Json;
        Assert.Equal("risk", body.GetProperty("tags")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Server_errors_print_the_code_and_message_and_exit_1()
    {
        _server.Map("POST", "experiments/delete", FakeResponse.NotFound("No Experiment with id=99 exists"));

        var result = await CliRunner.RunAgainstAsync(_server, "experiments", "delete", "99");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: RESOURCE_DOES_NOT_EXIST: No Experiment with id=99 exists", result.Stderr.Trim());
    }

    [Fact]
    public async Task An_unreachable_server_prints_one_line_with_a_hint()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var result = await CliRunner.RunAsync(["models", "list", "--tracking-uri", $"http://127.0.0.1:{port}"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: Cannot reach the Slipway server at http://127.0.0.1:{port}: ", line, StringComparison.Ordinal);
        Assert.Contains("is `slipway server` running?", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Runs_search_resolves_experiment_names_and_shows_metric_and_param_columns()
    {
        _server.Map("GET", "experiments/get-by-name", FakeResponse.Ok($$"""{"experiment":{{MlflowJson.Experiment("7", "fraud")}}}"""));
        _server.Map("POST", "runs/search", FakeResponse.Ok($$"""
            {"runs":[
              {"info":{{MlflowJson.RunInfo("run-a", "7", "FINISHED", "baseline")}},
               "data":{"metrics":[{"key":"auc","value":0.91,"timestamp":1,"step":3}],"params":[{"key":"depth","value":"4"}] } },
              {"info":{{MlflowJson.RunInfo("run-b", "7", "FAILED", "deeper")}},
               "data":{"metrics":[{"key":"loss","value":"NaN","timestamp":1,"step":0}],"params":[{"key":"depth","value":"8"}] } } ] }
            """));

        var result = await CliRunner.RunAgainstAsync(
            _server, "runs", "search", "--experiment", "fraud", "--filter", "params.depth != '2'", "--order-by", "metrics.auc DESC", "--order-by", "start_time DESC");

        Assert.Equal(0, result.ExitCode);
        var search = _server.RequestsTo("runs/search").Single().Json;
        Assert.Equal("7", search.GetProperty("experiment_ids")[0].GetString());
        Assert.Equal(2, search.GetProperty("order_by").GetArrayLength());
        foreach (var expected in new[] { "run-a", "baseline", "FINISHED", "FAILED", "metrics.auc", "metrics.loss", "params.depth", "0.91", "NaN", "8" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }

        Assert.True(
            result.Stdout.IndexOf("metrics.auc", StringComparison.Ordinal) < result.Stdout.IndexOf("metrics.loss", StringComparison.Ordinal),
            "the metric named in --order-by comes first");
    }

    [Fact]
    public async Task Runs_search_reports_an_unknown_experiment()
    {
        _server.Map("GET", "experiments/get-by-name", FakeResponse.NotFound("No experiment"));

        var result = await CliRunner.RunAgainstAsync(_server, "runs", "search", "-e", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: No experiment is named (or has the id) 'nope'", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo("runs/search"));
    }

    [Fact]
    public async Task Runs_get_shows_info_params_metrics_and_tags()
    {
        _server.Map("GET", "runs/get", FakeResponse.Ok(MlflowJson.Run(
            "run-a",
            metrics: """[{"key":"auc","value":0.91,"timestamp":1700000000000,"step":3}]""",
            parameters: """[{"key":"depth","value":"4"}]""",
            tags: """[{"key":"team","value":"risk"}]""")));

        var result = await CliRunner.RunAgainstAsync(_server, "runs", "get", "run-a");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("run-a", _server.RequestsTo("runs/get").Single().Query["run_id"]);
        foreach (var expected in new[] { "Run ID", "run-a", "Params:", "depth", "Metrics (latest values):", "auc", "0.91", "Tags:", "risk", "Datasets: none" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Runs_get_as_json_is_machine_readable()
    {
        _server.Map("GET", "runs/get", FakeResponse.Ok(MlflowJson.Run("run-a", metrics: """[{"key":"auc","value":0.91,"timestamp":1,"step":3}]""")));

        var result = await CliRunner.RunAgainstAsync(_server, "runs", "get", "run-a", "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("run-a", json.RootElement.GetProperty("info").GetProperty("run_id").GetString());
        Assert.Equal("RUNNING", json.RootElement.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal(0.91, json.RootElement.GetProperty("metrics")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Models_list_shows_latest_versions_and_aliases()
    {
        _server.Map("GET", "registered-models/search", FakeResponse.Ok($$"""
            {"registered_models":[{"name":"fraud-detector","last_updated_timestamp":1700000000000,"description":"GBM",
              "latest_versions":[{{MlflowJson.ModelVersion("fraud-detector", "3", "Production")}}],
              "aliases":[{"alias":"champion","version":"3"}]}]}
            """));

        var result = await CliRunner.RunAgainstAsync(_server, "models", "list", "--filter", "name LIKE 'fraud%'");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("name LIKE 'fraud%'", _server.RequestsTo("registered-models/search").Single().Query["filter"]);
        foreach (var expected in new[] { "fraud-detector", "3 (Production)", "champion -> 3", "GBM" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Models_versions_lists_versions_newest_first()
    {
        _server.Map("GET", "registered-models/get", FakeResponse.Ok("""{"registered_model":{"name":"fraud"}}"""));
        _server.Map("GET", "model-versions/search", FakeResponse.Ok($$"""
            {"model_versions":[{{MlflowJson.ModelVersion("fraud", "1", "Archived")}},{{MlflowJson.ModelVersion("fraud", "2", "Production", "[\"champion\"]")}}]}
            """));

        var result = await CliRunner.RunAgainstAsync(_server, "models", "versions", "fraud");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("name = 'fraud'", _server.RequestsTo("model-versions/search").Single().Query["filter"]);
        Assert.True(result.Stdout.IndexOf("Production", StringComparison.Ordinal) < result.Stdout.IndexOf("Archived", StringComparison.Ordinal));
        Assert.Contains("champion", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("READY", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_versions_of_an_unknown_model_is_an_error()
    {
        _server.Map("GET", "registered-models/get", FakeResponse.NotFound("Registered Model with name=nope not found"));

        var result = await CliRunner.RunAgainstAsync(_server, "models", "versions", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: RESOURCE_DOES_NOT_EXIST: Registered Model with name=nope not found", result.Stderr.Trim());
    }

    [Fact]
    public async Task Models_promote_to_a_stage_can_archive_the_current_one()
    {
        _server.Map("POST", "model-versions/transition-stage", FakeResponse.Ok($$"""{"model_version":{{MlflowJson.ModelVersion("fraud", "3", "Production")}}}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "models", "promote", "fraud", "3", "--stage", "Production", "--archive-existing");

        Assert.Equal(0, result.ExitCode);
        var body = _server.RequestsTo("model-versions/transition-stage").Single().Json;
        Assert.Equal(("fraud", "3", "Production", true), (body.GetProperty("name").GetString(), body.GetProperty("version").GetString(), body.GetProperty("stage").GetString(), body.GetProperty("archive_existing_versions").GetBoolean()));
        Assert.Contains("Model 'fraud' version 3 is now in Production. Other Production versions were archived.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_promote_with_an_alias_points_the_alias_at_the_version()
    {
        _server.Map("POST", "registered-models/alias", FakeResponse.Ok());
        _server.Map("GET", "model-versions/get", FakeResponse.Ok($$"""{"model_version":{{MlflowJson.ModelVersion("fraud", "3", aliases: "[\"champion\"]")}}}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "models", "promote", "fraud", "3", "--alias", "champion", "--output", "json");

        Assert.Equal(0, result.ExitCode);
        var body = _server.RequestsTo("registered-models/alias").Single().Json;
        Assert.Equal(("fraud", "champion", "3"), (body.GetProperty("name").GetString(), body.GetProperty("alias").GetString(), body.GetProperty("version").GetString()));
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("champion", json.RootElement.GetProperty("aliases")[0].GetString());
    }
}
