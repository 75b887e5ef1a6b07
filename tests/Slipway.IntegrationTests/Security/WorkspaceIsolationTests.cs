using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Security;

/// <summary>
/// Resources of workspace A never show up to a member of workspace B: not in searches, listings, lineage,
/// metrics or artifacts; and per-resource grants hide or reveal single resources inside a workspace.
/// </summary>
public sealed class WorkspaceIsolationTests(WorkspaceIsolationTests.Fixture fixture) : IClassFixture<WorkspaceIsolationTests.Fixture>
{
    private const string Mlflow = "/api/2.0/mlflow/";

    private HttpClient Bob => fixture.Bob;

    [Fact]
    public async Task Searches_and_listings_from_B_show_nothing_of_A()
    {
        var experiments = await SecuredServer.OkAsync(Bob, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject { ["max_results"] = 1000 }, "team-b");
        var ids = experiments["experiments"]!.AsArray().Select(e => e!["experiment_id"]!.GetValue<string>()).ToList();
        Assert.Contains(fixture.B.ExperimentId, ids);
        Assert.DoesNotContain(fixture.A.ExperimentId, ids);

        var byName = await SecuredServer.OkAsync(Bob, HttpMethod.Get, Mlflow + "experiments/get-by-name?experiment_name=" + fixture.SharedName, null, "team-b");
        Assert.Equal(fixture.B.ExperimentId, byName["experiment"]!["experiment_id"]!.GetValue<string>());

        var models = await SecuredServer.OkAsync(Bob, HttpMethod.Get, Mlflow + "registered-models/search?max_results=1000", null, "team-b");
        var modelNames = models["registered_models"]?.AsArray().Select(m => m!["name"]!.GetValue<string>()).ToList() ?? [];
        Assert.Contains(fixture.B.ModelName, modelNames);
        Assert.DoesNotContain(fixture.A.ModelName, modelNames);

        var versions = await SecuredServer.OkAsync(Bob, HttpMethod.Get, Mlflow + "model-versions/search?max_results=1000", null, "team-b");
        Assert.DoesNotContain(versions["model_versions"]?.AsArray() ?? [], v => v!["name"]!.GetValue<string>() == fixture.A.ModelName);

        var runs = await SecuredServer.OkAsync(Bob, HttpMethod.Post, Mlflow + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(fixture.B.ExperimentId) }, "team-b");
        Assert.Equal([fixture.B.RunId], runs["runs"]!.AsArray().Select(r => r!["info"]!["run_id"]!.GetValue<string>()));

        // Naming A's experiment finds nothing, as for an experiment that does not exist.
        var foreign = await SecuredServer.OkAsync(Bob, HttpMethod.Post, Mlflow + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(fixture.A.ExperimentId) }, "team-b");
        Assert.Null(foreign["runs"]);
    }

    [Theory]
    [InlineData("experiments/get")]
    [InlineData("runs/get")]
    [InlineData("metrics/get-history")]
    [InlineData("metrics/get-history-bulk-interval")]
    [InlineData("artifacts/list")]
    [InlineData("registered-models/get")]
    [InlineData("model-versions/get")]
    [InlineData("lineage")]
    [InlineData("proxied-download")]
    [InlineData("proxied-list")]
    public async Task Direct_reads_of_As_resources_from_B_answer_404(string call)
    {
        var a = fixture.A;
        var (method, path, body) = call switch
        {
            "experiments/get" => (HttpMethod.Get, Mlflow + "experiments/get?experiment_id=" + a.ExperimentId, (JsonNode?)null),
            "runs/get" => (HttpMethod.Get, Mlflow + "runs/get?run_id=" + a.RunId, null),
            "metrics/get-history" => (HttpMethod.Get, Mlflow + "metrics/get-history?metric_key=loss&run_id=" + a.RunId, null),
            "metrics/get-history-bulk-interval" => (HttpMethod.Get, Mlflow + "metrics/get-history-bulk-interval?metric_key=loss&run_ids=" + a.RunId, null),
            "artifacts/list" => (HttpMethod.Get, Mlflow + "artifacts/list?run_id=" + a.RunId, null),
            "registered-models/get" => (HttpMethod.Get, Mlflow + "registered-models/get?name=" + a.ModelName, null),
            "model-versions/get" => (HttpMethod.Get, Mlflow + "model-versions/get?version=1&name=" + a.ModelName, null),
            "lineage" => (HttpMethod.Get, $"/api/v1/runs/{a.RunId}/lineage", null),
            "proxied-download" => (HttpMethod.Get, $"/api/2.0/mlflow-artifacts/artifacts/{a.ArtifactPath}", null),
            "proxied-list" => (HttpMethod.Get, $"/api/2.0/mlflow-artifacts/artifacts?path={a.ExperimentId}", null),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        var (status, answer) = await SecuredServer.SendAsync(Bob, method, path, body, "team-b");

        Assert.True(status == HttpStatusCode.NotFound, $"{call}: expected 404, got {(int)status}: {answer?.ToJsonString()}");
        Assert.DoesNotContain("classified", answer?.ToJsonString() ?? string.Empty, StringComparison.Ordinal);

        // The same call in A, as A's member, works: the 404 is isolation, not a broken call.
        var (own, _) = await SecuredServer.SendAsync(fixture.Alice, method, path, body, "team-a");
        Assert.Equal(HttpStatusCode.OK, own);
    }

    [Fact]
    public async Task A_workspace_the_caller_is_not_in_is_not_found_and_a_bound_token_stays_in_its_workspace()
    {
        var (status, body) = await SecuredServer.SendAsync(Bob, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject(), "team-a");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Workspace 'team-a' not found.", body!["message"]!.GetValue<string>());

        var (missing, missingBody) = await SecuredServer.SendAsync(Bob, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject(), "no-such-workspace");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("Workspace 'no-such-workspace' not found.", missingBody!["message"]!.GetValue<string>());

        // A token bound to B needs no header and refuses to act anywhere else.
        var bound = fixture.Server.TokenClient(await fixture.Server.CreateTokenAsync("bob", Names.Unique("bound"), workspace: "team-b"));
        var search = await SecuredServer.OkAsync(bound, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject());
        Assert.Contains(search["experiments"]!.AsArray(), e => e!["experiment_id"]!.GetValue<string>() == fixture.B.ExperimentId);
        var (elsewhere, _) = await SecuredServer.SendAsync(bound, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject(), "team-a");
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere);

        var workspaces = await SecuredServer.OkAsync(Bob, HttpMethod.Get, "/api/v1/workspaces");
        Assert.Equal(["team-b"], workspaces["workspaces"]!.AsArray().Select(w => w!["workspace"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_no_permissions_grant_hides_one_experiment_from_a_member_and_a_read_grant_shows_one_to_an_outsider()
    {
        var hidden = await fixture.Server.CreateExperimentAsync("team-a");
        var hiddenRun = await fixture.Server.CreateRunAsync("team-a", hidden);
        await SecuredServer.OkAsync(fixture.Server.Admin, HttpMethod.Put, $"/api/v1/experiments/{hidden}/permissions/alice", new JsonObject { ["permission"] = "NO_PERMISSIONS" }, "team-a");

        var search = await SecuredServer.OkAsync(fixture.Alice, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject { ["max_results"] = 1000 }, "team-a");
        var ids = search["experiments"]!.AsArray().Select(e => e!["experiment_id"]!.GetValue<string>()).ToList();
        Assert.Contains(fixture.A.ExperimentId, ids);
        Assert.DoesNotContain(hidden, ids);
        Assert.Equal(HttpStatusCode.NotFound, (await SecuredServer.SendAsync(fixture.Alice, HttpMethod.Get, Mlflow + "experiments/get?experiment_id=" + hidden, null, "team-a")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SecuredServer.SendAsync(fixture.Alice, HttpMethod.Get, Mlflow + "runs/get?run_id=" + hiddenRun, null, "team-a")).Status);
        var logged = await SecuredServer.SendAsync(fixture.Alice, HttpMethod.Post, Mlflow + "runs/log-metric", new JsonObject
        {
            ["run_id"] = hiddenRun,
            ["key"] = "x",
            ["value"] = 1,
            ["timestamp"] = 1,
        }, "team-a");
        Assert.Equal(HttpStatusCode.NotFound, logged.Status);

        // Carol has no role anywhere, only READ on A's main experiment.
        await SecuredServer.OkAsync(fixture.Server.Admin, HttpMethod.Put, $"/api/v1/experiments/{fixture.A.ExperimentId}/permissions/carol", new JsonObject { ["permission"] = "READ" }, "team-a");
        var carol = fixture.Server.UserClient("carol");
        var visible = await SecuredServer.OkAsync(carol, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject { ["max_results"] = 1000 }, "team-a");
        Assert.Equal([fixture.A.ExperimentId], visible["experiments"]!.AsArray().Select(e => e!["experiment_id"]!.GetValue<string>()));
        await SecuredServer.OkAsync(carol, HttpMethod.Get, Mlflow + "runs/get?run_id=" + fixture.A.RunId, null, "team-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await SecuredServer.SendAsync(carol, HttpMethod.Post, Mlflow + "runs/log-metric", new JsonObject
        {
            ["run_id"] = fixture.A.RunId,
            ["key"] = "x",
            ["value"] = 1,
            ["timestamp"] = 1,
        }, "team-a")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SecuredServer.SendAsync(carol, HttpMethod.Post, Mlflow + "experiments/create", new JsonObject { ["name"] = Names.Unique("no") }, "team-a")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SecuredServer.SendAsync(carol, HttpMethod.Get, Mlflow + "experiments/get?experiment_id=" + hidden, null, "team-a")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SecuredServer.SendAsync(carol, HttpMethod.Get, Mlflow + "registered-models/get?name=" + fixture.A.ModelName, null, "team-a")).Status);
    }

    [Fact]
    public async Task A_model_grant_follows_the_model_through_a_rename()
    {
        var name = Names.Unique("renamed-model");
        await fixture.Server.CreateModelAsync("team-a", name);
        await SecuredServer.OkAsync(fixture.Server.Admin, HttpMethod.Post, Mlflow + "registered-models/permissions/create", new JsonObject
        {
            ["name"] = name,
            ["username"] = "dave",
            ["permission"] = "EDIT",
        }, "team-a");
        var renamed = name + "-v2";
        await SecuredServer.OkAsync(fixture.Server.Admin, HttpMethod.Post, Mlflow + "registered-models/rename", new JsonObject { ["name"] = name, ["new_name"] = renamed }, "team-a");

        var dave = fixture.Server.UserClient("dave");
        await SecuredServer.OkAsync(dave, HttpMethod.Get, Mlflow + "registered-models/get?name=" + renamed, null, "team-a");
        await SecuredServer.OkAsync(dave, HttpMethod.Patch, Mlflow + "registered-models/update", new JsonObject { ["name"] = renamed, ["description"] = "by dave" }, "team-a");
        var permission = await SecuredServer.OkAsync(fixture.Server.Admin, HttpMethod.Get, $"{Mlflow}registered-models/permissions/get?name={renamed}&username=dave", null, "team-a");
        Assert.Equal("EDIT", permission["registered_model_permission"]!["permission"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await SecuredServer.SendAsync(dave, HttpMethod.Delete, Mlflow + "registered-models/delete", new JsonObject { ["name"] = renamed }, "team-a")).Status);
    }

    public sealed record WorkspaceResources(string ExperimentId, string RunId, string ModelName, string ArtifactPath);

    [SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
    public sealed class Fixture : IAsyncLifetime
    {
        private SecuredServer? _server;

        public SecuredServer Server => _server!;

        public string SharedName { get; } = Names.Unique("shared");

        public WorkspaceResources A { get; private set; } = null!;

        public WorkspaceResources B { get; private set; } = null!;

        public HttpClient Alice { get; private set; } = null!;

        public HttpClient Bob { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await SecuredServer.StartAsync();
            foreach (var user in new[] { "alice", "bob", "carol", "dave" })
            {
                await Server.CreateUserAsync(user);
            }

            await Server.CreateWorkspaceAsync("team-a", ("alice", "editor"));
            await Server.CreateWorkspaceAsync("team-b", ("bob", "editor"));
            A = await PopulateAsync("team-a");
            B = await PopulateAsync("team-b");
            Alice = Server.UserClient("alice");
            Bob = Server.UserClient("bob");
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }

        private async Task<WorkspaceResources> PopulateAsync(string workspace)
        {
            var experimentId = await Server.CreateExperimentAsync(workspace, SharedName);
            var runId = await Server.CreateRunAsync(workspace, experimentId);
            await SecuredServer.OkAsync(Server.Admin, HttpMethod.Post, Mlflow + "runs/log-metric", new JsonObject
            {
                ["run_id"] = runId,
                ["key"] = "loss",
                ["value"] = 0.25,
                ["timestamp"] = 1,
                ["step"] = 0,
            }, workspace);
            var model = Names.Unique($"{workspace}-model");
            await Server.CreateModelAsync(workspace, model);
            var artifactPath = $"{experimentId}/{runId}/artifacts/secret.txt";
            using var upload = new HttpRequestMessage(HttpMethod.Put, "/api/2.0/mlflow-artifacts/artifacts/" + artifactPath)
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes("classified contents")),
            };
            upload.Headers.Add("X-Slipway-Workspace", workspace);
            using var uploaded = await Server.Admin.SendAsync(upload);
            uploaded.EnsureSuccessStatusCode();
            return new WorkspaceResources(experimentId, runId, model, artifactPath);
        }
    }
}
