using System.Net;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Pipelines;

namespace Slipway.Client.Tests.Pipelines;

/// <summary>The pipeline calls of the SDK against a fake server: what they send and how answers map.</summary>
public sealed class PipelineClientTests : IAsyncLifetime, IDisposable
{
    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();
    private readonly SlipwayClient _client;

    public PipelineClientTests()
    {
        _client = new SlipwayClient(_server.BaseUri, credentials: SlipwayCredentials.Bearer("user-token")) { Workspace = "team-a" };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Validate_sends_the_spec_and_file_name_and_maps_the_summary()
    {
        _server.Map("POST", "/api/v1/pipelines/validate", FakeResponse.Ok(PipelineJson.Summary));

        var summary = await _client.ValidatePipelineAsync("name: churn\n", "slipway.yaml");

        var body = _server.Requests.Single().Json;
        Assert.Equal(("name: churn\n", "slipway.yaml"), (body.GetProperty("spec").GetString(), body.GetProperty("file_name").GetString()));
        Assert.False(body.TryGetProperty("params", out _));
        Assert.Equal(("churn", "churn", "skip-if-running", TimeSpan.FromMinutes(10)), (summary.Name, summary.Experiment, summary.Concurrency, summary.Cooldown));
        Assert.Equal(["prep"], summary.Steps[1].DependsOn);
        Assert.Null(summary.Params[1].Default);
        Assert.Equal(["schedule:0 3 * * *@UTC", "webhook"], summary.Triggers);
    }

    [Fact]
    public async Task A_file_with_problems_keeps_one_problem_a_line_in_the_server_message()
    {
        _server.Map("POST", "/api/v1/pipelines/validate", FakeResponse.Error(
            400, "INVALID_PARAMETER_VALUE", "slipway.yaml:3:5: steps.train.needs: unknown step 'prepp'\\nslipway.yaml:9:1: params.lr.type: expected string, int, float or bool"));

        var error = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.ValidatePipelineAsync("x", "slipway.yaml"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(2, error.ServerMessage.Split('\n').Length);
    }

    [Fact]
    public async Task A_launch_sends_code_and_params_and_maps_the_run_with_its_steps()
    {
        _server.Map("POST", "/api/v1/pipeline-runs", new FakeResponse(201, PipelineJson.Launched(PipelineJson.Run(
            "running",
            PipelineJson.Step("prep", "succeeded", end: 1700000004000),
            PipelineJson.Step("train", "retrying", attempts: 2, extra: "\"exit_code\":137,\"next_attempt_time\":1700000090000,\"attempt_history\":[{\"number\":1,\"status\":\"failed\",\"start_time\":1700000004000,\"end_time\":1700000009000,\"exit_code\":137,\"message\":\"out of memory\"},{\"number\":2,\"status\":\"running\",\"start_time\":1700000010000}]"),
            PipelineJson.Step("eval", "some-future-status", attempts: 0, start: null)))));

        var outcome = await _client.LaunchPipelineAsync("spec", "slipway.yaml", "data:code.churn@3", new Dictionary<string, string> { ["lr"] = "0.1" });

        var body = _server.Requests.Single().Json;
        Assert.Equal(("data:code.churn@3", "0.1"), (body.GetProperty("code").GetString(), body.GetProperty("params").GetProperty("lr").GetString()));
        var run = Assert.IsType<Slipway.Client.Pipelines.PipelineRunInfo>(outcome.Run);
        Assert.True(outcome.Started);
        Assert.Equal((PipelineJson.RunId, PipelineRunStatus.Running, "7", "data:code.churn@3"), (run.Id, run.Status, run.ExperimentId, run.Code));
        var train = run.FindStep("train")!;
        Assert.Equal((StepStatus.Retrying, 2, 137, 1700000090000L), (train.Status, train.Attempts, train.ExitCode!.Value, train.NextAttemptTime!.Value));
        Assert.Equal([StepStatus.Failed, StepStatus.Running], train.AttemptHistory.Select(a => a.Status));
        Assert.Equal("out of memory", train.AttemptHistory[0].Message);
        Assert.Equal(StepStatus.Pending, run.FindStep("eval")!.Status);
    }

    [Fact]
    public async Task A_launch_that_started_nothing_says_why()
    {
        _server.Map("POST", "/api/v1/pipelines/churn/runs", FakeResponse.Ok("""{"skipped":"run 5f1c is still running (concurrency: skip-if-running)"}"""));

        var outcome = await _client.LaunchRegisteredPipelineAsync("churn");

        Assert.False(outcome.Started);
        Assert.Equal("run 5f1c is still running (concurrency: skip-if-running)", outcome.Skipped);
        Assert.False(_server.Requests.Single().Json.TryGetProperty("params", out _));
    }

    [Fact]
    public async Task Listing_runs_sends_the_filters_and_follows_page_tokens()
    {
        _server.Map("GET", "/api/v1/pipeline-runs", request => FakeResponse.Ok(request.Query["page_token"] is null
            ? $$"""{"runs":[{{PipelineJson.RunWithId("r1", "failed")}}],"next_page_token":"2"}"""
            : $$"""{"runs":[{{PipelineJson.RunWithId("r2", "succeeded")}}]}"""));

        var runs = await _client.ListAllPipelineRunsAsync("churn", PipelineRunStatus.Failed, pageSize: 1).ToListAsync();

        Assert.Equal(["r1", "r2"], runs.Select(r => r.Id));
        var first = _server.Requests[0];
        Assert.Equal(("churn", "failed", "1"), (first.Query["pipeline"], first.Query["status"], first.Query["max_results"]));
        Assert.Equal("2", _server.Requests[1].Query["page_token"]);
    }

    [Fact]
    public async Task A_log_chunk_carries_the_next_offset_and_completion_from_the_headers()
    {
        _server.Map("GET", "/api/v1/pipeline-runs/r1/steps/train%5Blr%3D0.1%5D/logs", new FakeResponse(200, "epoch 1\nepoch 2\n", "text/plain")
        {
            Headers = new Dictionary<string, string> { [SlipwayClient.LogOffsetHeader] = "116", [SlipwayClient.LogCompleteHeader] = "true" },
        });

        var chunk = await _client.ReadStepLogAsync("r1", "train[lr=0.1]", offset: 100, wait: TimeSpan.FromMinutes(5));

        Assert.Equal(("epoch 1\nepoch 2\n", 116L, true), (chunk.Text, chunk.NextOffset, chunk.IsComplete));
        var request = _server.Requests.Single();
        Assert.Equal(("100", "30"), (request.Query["offset"], request.Query["wait"]));
    }

    [Fact]
    public async Task A_webhook_is_called_with_its_own_token_instead_of_the_clients_credentials()
    {
        _server.Map("POST", "/api/v1/hooks/wh_1", new FakeResponse(201, PipelineJson.Launched(PipelineJson.Run("queued"))));

        var outcome = await _client.CallPipelineWebhookAsync("wh_1", "whk_secret", new Dictionary<string, string> { ["lr"] = "0.2" });

        var request = _server.Requests.Single();
        Assert.Equal("Bearer whk_secret", request.Headers["Authorization"]);
        Assert.Equal("0.2", request.Json.GetProperty("params").GetProperty("lr").GetString());
        Assert.Equal(PipelineRunStatus.Queued, outcome.Run!.Status);
    }

    [Fact]
    public async Task Webhooks_and_alerts_map()
    {
        _server.Map("POST", "/api/v1/pipelines/churn/webhooks", new FakeResponse(201, """{"id":"wh_1","pipeline":"churn","url":"/api/v1/hooks/wh_1","token":"whk_secret","creator":"ada","creation_time":1700000000000}"""));
        _server.Map("POST", "/api/v1/events/alerts", FakeResponse.Ok($$$"""{"started":[{{{PipelineJson.Run("running")}}}],"skipped":{"nightly":"cooldown until 12:00"}}"""));

        var webhook = await _client.CreatePipelineWebhookAsync("churn");
        var alert = await _client.RaiseAlertAsync("churn-drift", "psi 0.3");

        Assert.Equal(("wh_1", "/api/v1/hooks/wh_1", "whk_secret"), (webhook.Id, webhook.Url, webhook.Token));
        Assert.Equal("user-token", _server.Requests[0].Headers["Authorization"]!.Split(' ')[1]);
        Assert.Equal(("churn-drift", "psi 0.3"), (_server.Requests[1].Json.GetProperty("alert").GetString(), _server.Requests[1].Json.GetProperty("detail").GetString()));
        Assert.Single(alert.Started);
        Assert.Equal("cooldown until 12:00", alert.Skipped["nightly"]);
    }
}
