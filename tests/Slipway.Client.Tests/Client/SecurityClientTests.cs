using System.Net;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Client.Tests.Client;

public sealed class SecurityClientTests : IAsyncLifetime, IDisposable
{
    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();
    private readonly SlipwayClient _client;

    public SecurityClientTests()
    {
        _client = new SlipwayClient(_server.BaseUri) { Workspace = "team-a" };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Every_request_carries_the_workspace_header()
    {
        _server.Map("GET", "/api/v1/workspaces", FakeResponse.Ok("""{"workspaces":[{"workspace":"team-a","role":"owner"},{"workspace":"other"}]}"""));
        _server.Map("POST", "experiments/search", FakeResponse.Ok("""{"experiments":[]}"""));

        var workspaces = await _client.ListWorkspacesAsync();
        await _client.SearchExperimentsAsync();

        Assert.Equal([new WorkspaceInfo("team-a", WorkspaceRole.Owner), new WorkspaceInfo("other", null)], workspaces);
        Assert.All(_server.Requests, r => Assert.Equal("team-a", r.Headers["X-Slipway-Workspace"]));
    }

    [Fact]
    public void A_workspace_the_server_would_refuse_is_refused_at_once()
    {
        Assert.Throws<ArgumentException>(() => new SlipwayClient(_server.BaseUri) { Workspace = "Team A" });
    }

    [Fact]
    public void FromEnvironment_reads_SLIPWAY_WORKSPACE()
    {
        var environment = new Dictionary<string, string> { ["SLIPWAY_TRACKING_URI"] = _server.BaseUri.AbsoluteUri, ["SLIPWAY_WORKSPACE"] = "team-b" };

        using var client = SlipwayClient.FromEnvironment(environment.GetValueOrDefault);

        Assert.Equal("team-b", client.Workspace);
    }

    [Fact]
    public async Task Security_errors_keep_the_server_code_and_status()
    {
        _server.Map("DELETE", "/api/v1/users/bob", FakeResponse.Error(403, "PERMISSION_DENIED", "Only server admins may do this."));

        var ex = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.DeleteUserAsync("bob"));

        Assert.Equal((ErrorCode.PermissionDenied, HttpStatusCode.Forbidden), (ex.Code, ex.StatusCode));
        Assert.Equal("Only server admins may do this.", ex.ServerMessage);
    }

    [Fact]
    public async Task Names_are_escaped_in_paths_and_dot_segments_are_refused()
    {
        _server.Map("PUT", "/api/v1/models/a%2Fb%20c/permissions/bob%2B1", FakeResponse.Ok(
            """{"permissions":[{"workspace":"team-a","registered_model":"a/b c","username":"bob+1","permission":"EDIT"}]}"""));

        var grant = await _client.SetPermissionAsync(GrantedResource.RegisteredModel, "a/b c", "bob+1", AccessLevel.Edit);

        Assert.Equal(new ResourceGrant("team-a", GrantedResource.RegisteredModel, "a/b c", "bob+1", AccessLevel.Edit), grant);
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetUserAsync(".."));
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Who_am_i_maps_the_caller()
    {
        _server.Map("GET", "/api/v1/me", FakeResponse.Ok($$"""
            {"user":{{SecurityJson.User("bob")}},"method":"token","scopes":["read"],"token_workspace":"team-a",
             "memberships":[{"workspace":"team-a","username":"bob","role":"viewer"}]}
            """));

        var me = await _client.GetCurrentUserAsync();

        Assert.Equal(new User(7, "bob", false, false, 1700000000000), me.User);
        Assert.Equal(("token", "team-a"), (me.Method, me.TokenWorkspace));
        Assert.Equal(["read"], me.Scopes!);
        Assert.Equal([new WorkspaceMembership("team-a", "bob", WorkspaceRole.Viewer)], me.Memberships);
    }

    [Fact]
    public async Task A_role_the_client_does_not_know_fails_loudly()
    {
        _server.Map("GET", "/api/v1/workspaces/team-a/members", FakeResponse.Ok("""{"members":[{"workspace":"team-a","username":"bob","role":"auditor"}]}"""));

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => _client.ListWorkspaceMembersAsync("team-a"));

        Assert.Contains("'auditor'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_token_returns_it_with_its_info()
    {
        _server.Map("POST", "/api/v1/tokens", FakeResponse.Ok($$"""{"token":"slw_SECRET","info":{{SecurityJson.Token("ci", workspace: "team-a")}}}"""));

        var created = await _client.CreateApiTokenAsync("ci", [TokenScopes.Read], workspace: "team-a", expiresInDays: 7);

        Assert.Equal("slw_SECRET", created.Token);
        Assert.Equal(("ci", "team-a", true), (created.Info.Name, created.Info.Workspace, created.Info.Active));
        var body = _server.RequestsTo("/api/v1/tokens").Single().Json;
        Assert.Equal((7, "read"), (body.GetProperty("expires_in_days").GetInt32(), body.GetProperty("scopes")[0].GetString()));
    }

    [Fact]
    public async Task A_service_account_has_no_password_and_a_person_needs_one()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.CreateUserAsync("bot", "a-long-password", serviceAccount: true));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.CreateUserAsync("ada", null));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task The_audit_export_streams_one_line_per_entry()
    {
        _server.Map("GET", "/api/v1/audit/export", new FakeResponse(200, "{\"id\":1}\n{\"id\":2}\n", "application/x-ndjson"));
        var from = DateTimeOffset.FromUnixTimeMilliseconds(1700000000000);

        var lines = new List<string>();
        await foreach (var line in _client.ExportAuditEventsAsync(new AuditFilter { From = from, Action = "login" }))
        {
            lines.Add(line);
        }

        Assert.Equal(["{\"id\":1}", "{\"id\":2}"], lines);
        var query = _server.RequestsTo("/api/v1/audit/export").Single().Query;
        Assert.Equal(("1700000000000", "login", null), (query["from"], query["action"], query["to"]));
    }
}
