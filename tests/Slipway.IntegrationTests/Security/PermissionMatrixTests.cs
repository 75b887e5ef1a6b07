using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Security;

/// <summary>
/// The permission matrix over real HTTP: for each endpoint group and each kind of caller, the expected status,
/// and the audit entry each audited call leaves with the right actor and outcome.
/// </summary>
public sealed class PermissionMatrixTests(PermissionMatrixTests.Fixture fixture) : IClassFixture<PermissionMatrixTests.Fixture>
{
    private const string Team = "team-a";

    // Columns: anonymous, viewer, editor, maintainer, owner, admin, outsider, invoke token, expired token, revoked token.
    private static readonly string[] Callers = ["anonymous", "viewer", "editor", "maintainer", "owner", "admin", "outsider", "invoke", "expired", "revoked"];

    private static readonly Dictionary<string, (int[] Expected, string? AuditAction)> Matrix = new()
    {
        ["read"] = ([401, 200, 200, 200, 200, 200, 404, 403, 401, 401], null),
        ["search"] = ([401, 200, 200, 200, 200, 200, 404, 403, 401, 401], null),
        ["create"] = ([401, 403, 200, 200, 200, 200, 404, 403, 401, 401], "experiment.create"),
        ["log"] = ([401, 403, 200, 200, 200, 200, 404, 403, 401, 401], null),
        ["delete"] = ([401, 403, 403, 200, 200, 200, 404, 403, 401, 401], "experiment.delete"),
        ["alias"] = ([401, 403, 403, 200, 200, 200, 404, 403, 401, 401], "registered-model.set-alias"),
        ["grant"] = ([401, 403, 403, 200, 200, 200, 404, 403, 401, 401], "permission.set"),
        ["members"] = ([401, 403, 403, 403, 200, 200, 404, 403, 401, 401], "workspace.set-member"),
        ["admin"] = ([401, 403, 403, 403, 403, 200, 403, 403, 401, 401], null),
        ["data-read"] = ([401, 200, 200, 200, 200, 200, 404, 403, 401, 401], null),
        ["data-push"] = ([401, 403, 200, 200, 200, 200, 404, 403, 401, 401], "dataset.commit"),
        ["data-sweep"] = ([401, 403, 403, 200, 200, 200, 404, 403, 401, 401], "blobs.sweep"),
    };

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var group in Matrix.Keys)
        {
            foreach (var caller in Callers)
            {
                data.Add(group, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_caller_gets_the_expected_answer_and_audited_calls_are_recorded(string group, string caller)
    {
        var (expectedStatuses, auditAction) = Matrix[group];
        var expected = (HttpStatusCode)expectedStatuses[Array.IndexOf(Callers, caller)];
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var (status, body) = await CallAsync(group, fixture.ClientFor(caller));

        Assert.True(expected == status, $"{group} as {caller}: expected {(int)expected}, got {(int)status}: {body?.ToJsonString()}");
        if (status != HttpStatusCode.OK)
        {
            Assert.NotNull(body?["error_code"]);
            Assert.False(string.IsNullOrEmpty(body?["message"]?.GetValue<string>()));
        }

        var actor = Fixture.ActorOf(caller);
        if (caller is "expired" or "revoked")
        {
            var failures = await fixture.Server.AuditAsync(("action", "login"), ("actor", actor!), ("from", since.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Contains(failures, e => e!["outcome"]!.GetValue<string>() == "failure");
        }
        else if (auditAction is not null && actor is not null)
        {
            var entries = await fixture.Server.AuditAsync(("action", auditAction), ("actor", actor), ("from", since.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var outcome = status == HttpStatusCode.OK ? "success" : "denied";
            Assert.Contains(entries, e => e!["outcome"]!.GetValue<string>() == outcome);
        }
    }

    private async Task<(HttpStatusCode, JsonNode?)> CallAsync(string group, HttpClient client)
    {
        const string mlflow = "/api/2.0/mlflow/";
        switch (group)
        {
            case "read":
                return await SecuredServer.SendAsync(client, HttpMethod.Get, $"{mlflow}experiments/get?experiment_id={fixture.ExperimentId}", null, Team);
            case "search":
                return await SecuredServer.SendAsync(client, HttpMethod.Post, mlflow + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(fixture.ExperimentId) }, Team);
            case "create":
                return await SecuredServer.SendAsync(client, HttpMethod.Post, mlflow + "experiments/create", new JsonObject { ["name"] = Names.Unique("matrix") }, Team);
            case "log":
                return await SecuredServer.SendAsync(client, HttpMethod.Post, mlflow + "runs/log-metric", new JsonObject
                {
                    ["run_id"] = fixture.RunId,
                    ["key"] = "loss",
                    ["value"] = 0.5,
                    ["timestamp"] = 1,
                    ["step"] = 0,
                }, Team);
            case "delete":
                var doomed = await fixture.Server.CreateExperimentAsync(Team);
                return await SecuredServer.SendAsync(client, HttpMethod.Post, mlflow + "experiments/delete", new JsonObject { ["experiment_id"] = doomed }, Team);
            case "alias":
                return await SecuredServer.SendAsync(client, HttpMethod.Post, mlflow + "registered-models/alias", new JsonObject
                {
                    ["name"] = fixture.ModelName,
                    ["alias"] = "champion",
                    ["version"] = "1",
                }, Team);
            case "grant":
                return await SecuredServer.SendAsync(client, HttpMethod.Put, $"/api/v1/experiments/{fixture.ExperimentId}/permissions/bystander", new JsonObject { ["permission"] = "READ" }, Team);
            case "members":
                return await SecuredServer.SendAsync(client, HttpMethod.Put, $"/api/v1/workspaces/{Team}/members/bystander", new JsonObject { ["role"] = "viewer" });
            case "admin":
                return await SecuredServer.SendAsync(client, HttpMethod.Get, "/api/v1/users");
            case "data-read":
                return await SecuredServer.SendAsync(client, HttpMethod.Get, $"/api/v1/datasets/{Fixture.DatasetName}/versions/1", null, Team);
            case "data-push":
                // The data is already stored, so a permitted push answers 200 with the version it matches.
                return await SecuredServer.SendAsync(client, HttpMethod.Post, $"/api/v1/datasets/{Fixture.DatasetName}/versions", Fixture.DatasetCommit(), Team);
            case "data-sweep":
                return await SecuredServer.SendAsync(client, HttpMethod.Post, "/api/v1/blobs/sweep", new JsonObject(), Team);
            default:
                throw new ArgumentOutOfRangeException(nameof(group), group, null);
        }
    }

    [SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _clients = [];
        private SecuredServer? _server;

        public SecuredServer Server => _server!;

        public string ExperimentId { get; private set; } = string.Empty;

        public string RunId { get; private set; } = string.Empty;

        public string ModelName { get; } = Names.Unique("model");

        public const string DatasetName = "matrix-data";

        private static readonly byte[] DatasetContent = "a,b\n1,2\n"u8.ToArray();

        public HttpClient ClientFor(string caller) => _clients[caller];

        public static JsonObject DatasetCommit() => new()
        {
            ["files"] = new JsonArray(new JsonObject
            {
                ["path"] = "train.csv",
                ["size"] = DatasetContent.Length,
                ["hash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(DatasetContent)),
                ["media_type"] = "text/csv",
            }),
        };

        /// <summary>The user name the audit log should show for the caller (null for anonymous).</summary>
        public static string? ActorOf(string caller) => caller switch
        {
            "anonymous" => null,
            "invoke" => "app",
            "expired" or "revoked" => "editor",
            _ => caller,
        };

        public async Task InitializeAsync()
        {
            _server = await SecuredServer.StartAsync();
            foreach (var user in new[] { "viewer", "editor", "maintainer", "owner", "outsider", "bystander" })
            {
                await Server.CreateUserAsync(user);
            }

            await Server.CreateUserAsync("app", serviceAccount: true);
            await Server.CreateWorkspaceAsync(Team, ("viewer", "viewer"), ("editor", "editor"), ("maintainer", "maintainer"), ("owner", "owner"), ("app", "viewer"));
            await Server.CreateWorkspaceAsync("team-b", ("outsider", "editor"));
            ExperimentId = await Server.CreateExperimentAsync(Team);
            RunId = await Server.CreateRunAsync(Team, ExperimentId);
            await Server.CreateModelAsync(Team, ModelName);
            var hash = DatasetCommit()["files"]![0]!["hash"]!.GetValue<string>();
            using (var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/blobs/{hash}") { Content = new ByteArrayContent(DatasetContent) })
            {
                upload.Headers.Add("X-Slipway-Workspace", Team);
                (await Server.Admin.SendAsync(upload)).EnsureSuccessStatusCode();
            }

            var (committed, body) = await SecuredServer.SendAsync(Server.Admin, HttpMethod.Post, $"/api/v1/datasets/{DatasetName}/versions", DatasetCommit(), Team);
            Assert.True(committed == HttpStatusCode.Created, body?.ToJsonString());

            var revoked = await Server.CreateTokenAsync("editor", "to-revoke");
            await SecuredServer.OkAsync(Server.Admin, HttpMethod.Delete, "/api/v1/tokens/to-revoke?user=editor");

            _clients["anonymous"] = Server.Anonymous;
            _clients["admin"] = Server.Admin;
            foreach (var user in new[] { "viewer", "editor", "maintainer", "owner", "outsider" })
            {
                _clients[user] = Server.UserClient(user);
            }

            _clients["invoke"] = Server.TokenClient(await Server.CreateTokenAsync("app", "predictions", ["invoke"]));
            _clients["expired"] = Server.TokenClient(await Server.CreateExpiredTokenAsync("editor", "expired"));
            _clients["revoked"] = Server.TokenClient(revoked);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
