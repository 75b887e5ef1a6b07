using System.Net;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Security;

/// <summary>The management API end to end: users, tokens and their scopes, MLflow's basic-auth endpoints, audit export.</summary>
public sealed class SecurityApiTests : IAsyncLifetime
{
    private const string Mlflow = "/api/2.0/mlflow/";
    private SecuredServer? _server;

    private SecuredServer Server => _server!;

    public async Task InitializeAsync() => _server = await SecuredServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_token_is_shown_once_works_within_its_scopes_records_its_use_and_dies_when_revoked()
    {
        await Server.CreateUserAsync("erin");
        await Server.CreateWorkspaceAsync("lab", ("erin", "maintainer"));
        var erin = Server.UserClient("erin");

        var created = await SecuredServer.OkAsync(erin, HttpMethod.Post, "/api/v1/tokens", new JsonObject { ["name"] = "reader", ["scopes"] = new JsonArray("read"), ["expires_in_days"] = 30 });
        var token = created["token"]!.GetValue<string>();
        Assert.StartsWith("slw_", token, StringComparison.Ordinal);
        Assert.Equal(token[..12], created["info"]!["prefix"]!.GetValue<string>());
        Assert.NotNull(created["info"]!["expiry_time"]);

        var reader = Server.TokenClient(token);
        await SecuredServer.OkAsync(reader, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject(), "lab");
        var (write, writeBody) = await SecuredServer.SendAsync(reader, HttpMethod.Post, Mlflow + "experiments/create", new JsonObject { ["name"] = "x" }, "lab");
        Assert.Equal(HttpStatusCode.Forbidden, write);
        Assert.Equal("This API token's scopes (read) do not allow this call.", writeBody!["message"]!.GetValue<string>());

        // A token cannot mint a stronger one.
        var (escalate, _) = await SecuredServer.SendAsync(reader, HttpMethod.Post, "/api/v1/tokens", new JsonObject { ["name"] = "stronger", ["scopes"] = new JsonArray("write") });
        Assert.Equal(HttpStatusCode.Forbidden, escalate);

        var listed = await SecuredServer.OkAsync(erin, HttpMethod.Get, "/api/v1/tokens");
        var info = listed["tokens"]!.AsArray().Single()!;
        Assert.DoesNotContain(token, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(info["last_used_time"]);
        Assert.True(info["active"]!.GetValue<bool>());

        await SecuredServer.OkAsync(erin, HttpMethod.Delete, "/api/v1/tokens/reader");
        var (revoked, revokedBody) = await SecuredServer.SendAsync(reader, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject(), "lab");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked);
        Assert.Equal("API token 'reader' of user erin was revoked.", revokedBody!["message"]!.GetValue<string>());

        var actions = (await Server.AuditAsync(("actor", "erin"))).Select(e => e!["action"]!.GetValue<string>() + ":" + e["outcome"]!.GetValue<string>()).ToList();
        Assert.Contains("token.create:success", actions);
        Assert.Contains("token.create:denied", actions);
        Assert.Contains("token.revoke:success", actions);
        Assert.Contains("login:failure", actions);
    }

    [Fact]
    public async Task Users_read_and_change_only_themselves_and_the_last_admin_stays()
    {
        await Server.CreateUserAsync("frank");
        await Server.CreateUserAsync("gina");
        var frank = Server.UserClient("frank");

        await SecuredServer.OkAsync(frank, HttpMethod.Get, "/api/v1/users/frank");
        Assert.Equal(HttpStatusCode.Forbidden, (await SecuredServer.SendAsync(frank, HttpMethod.Get, "/api/v1/users/gina")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SecuredServer.SendAsync(frank, HttpMethod.Put, "/api/v1/users/gina/password", new JsonObject { ["password"] = "hijacked-password" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SecuredServer.SendAsync(frank, HttpMethod.Put, "/api/v1/users/frank/admin", new JsonObject { ["admin"] = true })).Status);

        await SecuredServer.OkAsync(frank, HttpMethod.Put, "/api/v1/users/frank/password", new JsonObject { ["password"] = "frank-new-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecuredServer.SendAsync(frank, HttpMethod.Get, "/api/v1/me")).Status);
        await SecuredServer.OkAsync(Server.BasicClient("frank", "frank-new-password"), HttpMethod.Get, "/api/v1/me");

        var (lastAdmin, body) = await SecuredServer.SendAsync(Server.Admin, HttpMethod.Delete, "/api/v1/users/" + SecuredServer.AdminName);
        Assert.Equal(HttpStatusCode.BadRequest, lastAdmin);
        Assert.Contains("last server admin", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await SecuredServer.SendAsync(Server.Admin, HttpMethod.Put, $"/api/v1/users/{SecuredServer.AdminName}/admin", new JsonObject { ["admin"] = false })).Status);

        // Deleting a user takes its sign-in away at once.
        await SecuredServer.OkAsync(Server.UserClient("gina"), HttpMethod.Get, "/api/v1/me");
        await SecuredServer.OkAsync(Server.Admin, HttpMethod.Delete, "/api/v1/users/gina");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecuredServer.SendAsync(Server.UserClient("gina"), HttpMethod.Get, "/api/v1/me")).Status);
    }

    [Fact]
    public async Task Mlflows_basic_auth_endpoints_manage_users_and_permissions()
    {
        var created = await SecuredServer.OkAsync(Server.Admin, HttpMethod.Post, Mlflow + "users/create", new JsonObject { ["username"] = "hank", ["password"] = "hank-password" });
        Assert.Equal("hank", created["user"]!["username"]!.GetValue<string>());
        Assert.False(created["user"]!["is_admin"]!.GetValue<bool>());
        var userId = created["user"]!["id"]!.GetValue<long>();

        var experiment = await Server.CreateExperimentAsync("default");
        var permission = await SecuredServer.OkAsync(Server.Admin, HttpMethod.Post, Mlflow + "experiments/permissions/create", new JsonObject
        {
            ["experiment_id"] = experiment,
            ["username"] = "hank",
            ["permission"] = "EDIT",
        });
        Assert.Equal(new JsonObject { ["experiment_id"] = experiment, ["user_id"] = userId, ["permission"] = "EDIT" }.ToJsonString(), permission["experiment_permission"]!.ToJsonString());

        var hank = Server.BasicClient("hank", "hank-password");
        await SecuredServer.OkAsync(hank, HttpMethod.Post, Mlflow + "runs/create", new JsonObject { ["experiment_id"] = experiment });
        var user = await SecuredServer.OkAsync(hank, HttpMethod.Get, Mlflow + "users/get?username=hank");
        Assert.Equal("EDIT", user["user"]!["experiment_permissions"]![0]!["permission"]!.GetValue<string>());

        await SecuredServer.OkAsync(Server.Admin, HttpMethod.Patch, Mlflow + "experiments/permissions/update", new JsonObject
        {
            ["experiment_id"] = experiment,
            ["username"] = "hank",
            ["permission"] = "READ",
        });
        Assert.Equal(HttpStatusCode.Forbidden, (await SecuredServer.SendAsync(hank, HttpMethod.Post, Mlflow + "runs/create", new JsonObject { ["experiment_id"] = experiment })).Status);
        var (badLevel, badBody) = await SecuredServer.SendAsync(Server.Admin, HttpMethod.Patch, Mlflow + "experiments/permissions/update", new JsonObject
        {
            ["experiment_id"] = experiment,
            ["username"] = "hank",
            ["permission"] = "OWNER",
        });
        Assert.Equal(HttpStatusCode.BadRequest, badLevel);
        Assert.Contains("expected READ, EDIT, MANAGE or NO_PERMISSIONS", badBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await SecuredServer.OkAsync(Server.Admin, HttpMethod.Delete, Mlflow + "experiments/permissions/delete", new JsonObject { ["experiment_id"] = experiment, ["username"] = "hank" });
        Assert.Equal(HttpStatusCode.NotFound, (await SecuredServer.SendAsync(hank, HttpMethod.Get, Mlflow + "experiments/get?experiment_id=" + experiment)).Status);

        await SecuredServer.OkAsync(hank, HttpMethod.Patch, Mlflow + "users/update-password", new JsonObject { ["username"] = "hank", ["password"] = "hank-password-2" });
        await SecuredServer.OkAsync(Server.Admin, HttpMethod.Patch, Mlflow + "users/update-admin", new JsonObject { ["username"] = "hank", ["is_admin"] = true });
        var promoted = await SecuredServer.OkAsync(Server.BasicClient("hank", "hank-password-2"), HttpMethod.Get, "/api/v1/users");
        Assert.Contains(promoted["users"]!.AsArray(), u => u!["username"]!.GetValue<string>() == "hank" && u["is_admin"]!.GetValue<bool>());
        await SecuredServer.OkAsync(Server.Admin, HttpMethod.Delete, Mlflow + "users/delete", new JsonObject { ["username"] = "hank" });
        Assert.Equal(HttpStatusCode.NotFound, (await SecuredServer.SendAsync(Server.Admin, HttpMethod.Get, Mlflow + "users/get?username=hank")).Status);
    }

    [Fact]
    public async Task The_audit_log_filters_by_action_and_exports_as_json_lines()
    {
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var name = Names.Unique("audited");
        var experiment = await Server.CreateExperimentAsync("default", name);
        await SecuredServer.OkAsync(Server.Admin, HttpMethod.Post, Mlflow + "experiments/delete", new JsonObject { ["experiment_id"] = experiment });

        var deletes = await Server.AuditAsync(("action", "experiment.delete"), ("from", since.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var entry = Assert.Single(deletes)!;
        Assert.Equal(SecuredServer.AdminName, entry["actor"]!.GetValue<string>());
        Assert.Equal("default", entry["workspace"]!.GetValue<string>());
        Assert.Equal("experiment:" + experiment, entry["resource"]!.GetValue<string>());
        Assert.Equal("success", entry["outcome"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", entry["client_address"]!.GetValue<string>());

        using var response = await Server.Admin.GetAsync("api/v1/audit/export?from=" + since);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var actions = lines.Select(l => JsonNode.Parse(l)!["action"]!.GetValue<string>()).Where(a => a != "login").ToList();
        Assert.Equal(["experiment.create", "experiment.delete"], actions);

        var (bad, body) = await SecuredServer.SendAsync(Server.Admin, HttpMethod.Get, "/api/v1/audit?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("'from'", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
