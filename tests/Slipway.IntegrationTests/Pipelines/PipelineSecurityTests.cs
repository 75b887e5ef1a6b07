using System.Net;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.IntegrationTests.Security;
using Slipway.Testing;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>
/// Pipelines on a server that requires sign-in: steps log with a token of the user who started the run, scoped to the
/// run's workspace and revoked afterwards, and built-in steps can do no more than that user could.
/// </summary>
public sealed class PipelineSecurityTests : IAsyncLifetime
{
    private const string Workspace = "pipes";
    private SecuredServer? _server;

    private SecuredServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _server = await SecuredServer.StartAsync();
        await Server.CreateUserAsync("eddie");
        await Server.CreateUserAsync("mia");
        await Server.CreateWorkspaceAsync(Workspace, ("eddie", "editor"), ("mia", "maintainer"));
    }

    /// <summary>A model directory the register step accepts, written beside the server's data.</summary>
    private string ServableModel() => ModelDirectories.Linear(Server.Root.Combine("model-" + Guid.NewGuid().ToString("N")), [1f], 0);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_step_logs_with_a_token_scoped_to_its_run_that_is_revoked_when_it_ends()
    {
        var run = await RunAsAsync("eddie", Spec("""
            steps:
              log:
                run: |
                  python3 - <<'PY'
                  import json, os, urllib.request
                  body = {"run_id": os.environ["MLFLOW_RUN_ID"], "key": "auc", "value": 0.81, "timestamp": 0, "step": 0}
                  request = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-metric",
                                                   data=json.dumps(body).encode(),
                                                   headers={"Content-Type": "application/json",
                                                            "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"],
                                                            "X-Slipway-Workspace": os.environ["SLIPWAY_WORKSPACE"]})
                  urllib.request.urlopen(request).read()
                  PY
                cache: false
            """));

        Assert.Equal("succeeded", run.Str("status"));
        var stepRunId = PipelineApi.Step(run, "log").Str("run_id");
        var stepRun = await SecuredServer.OkAsync(Server.Admin, HttpMethod.Get, $"/api/2.0/mlflow/runs/get?run_id={stepRunId}", workspace: Workspace);
        Assert.Equal(0.81, stepRun.AsObject().Items("run.data.metrics").Single(m => m.Str("key") == "auc").Num("value"));
        Assert.Equal("eddie", stepRun.Str("run.info.user_id"));
        var tokens = await SecuredServer.OkAsync(Server.UserClient("eddie"), HttpMethod.Get, "/api/v1/tokens");
        var stepTokens = tokens.AsObject().Items("tokens").Where(t => t.Str("name").StartsWith("step ", StringComparison.Ordinal)).ToList();
        Assert.Single(stepTokens);
        Assert.False(stepTokens[0]["active"]!.GetValue<bool>());
        Assert.Equal(Workspace, stepTokens[0].Str("workspace"));
        Assert.Equal(["write"], stepTokens[0]["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task A_built_in_step_cannot_move_an_alias_for_an_editor_but_can_for_a_maintainer()
    {
        var model = Names.Unique("model");
        var spec = Spec($$"""
            steps:
              train: {run: cp -r {{ServableModel()}} m, outputs: {model: m/}, cache: false}
              register:
                uses: register-model
                with: {model: {{model}}, from: steps.train.outputs.model, alias: champion}
            """);

        var asEditor = await RunAsAsync("eddie", spec);
        var asMaintainer = await RunAsAsync("mia", spec);

        Assert.Equal("failed", asEditor.Str("status"));
        var refused = PipelineApi.Step(asEditor, "register").Str("message");
        Assert.Contains("'eddie'", refused, StringComparison.Ordinal);
        Assert.Contains("MANAGE", refused, StringComparison.Ordinal);
        Assert.Equal("succeeded", asMaintainer.Str("status"));
        var champion = await SecuredServer.OkAsync(
            Server.Admin, HttpMethod.Get, $"/api/2.0/mlflow/registered-models/alias?name={model}&alias=champion", workspace: Workspace);
        Assert.Equal(PipelineApi.Step(asMaintainer, "train").Str("run_id"), champion.Str("model_version.run_id"));
    }

    [Fact]
    public async Task A_viewer_or_a_stranger_cannot_start_a_pipeline()
    {
        await Server.CreateUserAsync("vera");
        await SecuredServer.OkAsync(Server.Admin, HttpMethod.Put, $"/api/v1/workspaces/{Workspace}/members/vera", new JsonObject { ["role"] = "viewer" });
        var body = new JsonObject { ["spec"] = Spec("steps:\n  a: {run: \"true\"}\n") };

        var (viewer, _) = await SecuredServer.SendAsync(Server.UserClient("vera"), HttpMethod.Post, "/api/v1/pipeline-runs", body, Workspace);
        var (anonymous, _) = await SecuredServer.SendAsync(Server.Anonymous, HttpMethod.Post, "/api/v1/pipeline-runs", body, Workspace);

        Assert.Equal(HttpStatusCode.Forbidden, viewer);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
    }

    private async Task<JsonObject> RunAsAsync(string user, string spec)
    {
        var client = Server.UserClient(user);
        var (status, launched) = await SecuredServer.SendAsync(client, HttpMethod.Post, "/api/v1/pipeline-runs", new JsonObject { ["spec"] = spec }, Workspace);
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {launched?.ToJsonString()}");
        var id = launched!.Str("run.id");
        var deadline = DateTime.UtcNow + PipelineApi.DefaultWait;
        while (true)
        {
            var run = (await SecuredServer.OkAsync(client, HttpMethod.Get, $"/api/v1/pipeline-runs/{id}", workspace: Workspace)).AsObject();
            if (run.Str("status") is "succeeded" or "failed" or "canceled")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not end: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    private static string Spec(string body) => PipelineExecutionTests.Spec(body);
}
