using System.Text.Json;
using Slipway.Client.Tests.Infrastructure;

namespace Slipway.Client.Tests.Cli;

/// <summary>The security commands against a fake server: what they send, and what they print.</summary>
public sealed class SecurityCommandTests : IAsyncLifetime
{
    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Users_create_with_password_stdin_sends_the_first_line_of_standard_input()
    {
        _server.Map("POST", "/api/v1/users", FakeResponse.Ok(SecurityJson.UserResponse("ada", admin: true)));

        var result = await CliRunner.RunAgainstWithInputAsync(_server, "correct horse battery\nignored\n", "users", "create", "ada", "--admin", "--password-stdin");

        Assert.Equal(0, result.ExitCode);
        var body = _server.RequestsTo("/api/v1/users").Single().Json;
        Assert.Equal(("ada", "correct horse battery", true), (body.GetProperty("username").GetString(), body.GetProperty("password").GetString(), body.GetProperty("admin").GetBoolean()));
        Assert.Contains("Created admin user 'ada'.", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse battery", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_create_without_a_terminal_or_password_stdin_fails_before_any_request()
    {
        var result = await CliRunner.RunAgainstWithInputAsync(_server, "secret-password\n", "users", "create", "ada");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: Standard input is not a terminal, so the password cannot be asked for. Use --password-stdin", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Password_stdin_with_nothing_on_standard_input_is_an_error()
    {
        var result = await CliRunner.RunAgainstWithInputAsync(_server, string.Empty, "users", "set-password", "ada", "--password-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--password-stdin found no password", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_service_account_is_created_without_a_password()
    {
        _server.Map("POST", "/api/v1/users", FakeResponse.Ok(SecurityJson.UserResponse("deploy-bot", serviceAccount: true)));

        var result = await CliRunner.RunAgainstAsync(_server, "users", "create", "deploy-bot", "--service-account", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var body = _server.RequestsTo("/api/v1/users").Single().Json;
        Assert.False(body.TryGetProperty("password", out _));
        Assert.True(body.GetProperty("service_account").GetBoolean());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("is_service_account").GetBoolean());
        Assert.Equal("deploy-bot", json.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Setup_sends_the_token_without_credentials()
    {
        _server.Map("POST", "/api/v1/setup", FakeResponse.Ok(SecurityJson.UserResponse("ada", admin: true)));

        var result = await CliRunner.RunAgainstWithInputAsync(_server, "a-long-password\n", "setup", "--token", "setup_abc", "--user", "ada", "--password-stdin");

        Assert.Equal(0, result.ExitCode);
        var request = _server.RequestsTo("/api/v1/setup").Single();
        Assert.Equal(("setup_abc", "ada", "a-long-password"), (request.Json.GetProperty("setup_token").GetString(), request.Json.GetProperty("username").GetString(), request.Json.GetProperty("password").GetString()));
        Assert.Null(request.Headers["Authorization"]);
        Assert.Contains("Created the admin 'ada'.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_create_prints_the_token_once_with_a_warning_to_store_it()
    {
        _server.Map("POST", "/api/v1/tokens", FakeResponse.Ok($$"""{"token":"slw_SECRET","info":{{SecurityJson.Token("ci", workspace: "team-a", scopes: """["read","write"]""")}}}"""));

        var result = await CliRunner.RunAgainstAsync(
            _server, "tokens", "create", "ci", "--scope", "read", "--scope", "write", "--expires-in-days", "30", "--workspace", "team-a");

        Assert.Equal(0, result.ExitCode);
        var request = _server.RequestsTo("/api/v1/tokens").Single();
        Assert.Equal(["read", "write"], request.Json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(("team-a", 30), (request.Json.GetProperty("workspace").GetString(), request.Json.GetProperty("expires_in_days").GetInt32()));
        Assert.False(request.Json.TryGetProperty("user", out _));
        Assert.Equal(2, result.Stdout.Split("slw_SECRET").Length);
        Assert.Contains("Store it now: it is not shown again.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("workspace 'team-a' only", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_create_as_json_carries_the_token()
    {
        _server.Map("POST", "/api/v1/tokens", FakeResponse.Ok($$"""{"token":"slw_SECRET","info":{{SecurityJson.Token("ci")}}}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "tokens", "create", "ci", "--user", "ada", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ada", _server.RequestsTo("/api/v1/tokens").Single().Json.GetProperty("user").GetString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("slw_SECRET", json.RootElement.GetProperty("token").GetString());
        Assert.Equal("ci", json.RootElement.GetProperty("info").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Tokens_list_shows_status_and_never_a_token()
    {
        _server.Map("GET", "/api/v1/tokens", FakeResponse.Ok($$"""{"tokens":[{{SecurityJson.Token("ci")}},{{SecurityJson.Token("old", active: false)}}]}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "tokens", "list", "--user", "ada");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ada", _server.RequestsTo("/api/v1/tokens").Single().Query["user"]);
        foreach (var expected in new[] { "ci", "old", "slw_AbCdEfGh...", "active", "revoked", "never" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tokens_revoke_names_the_token_in_the_path_and_the_user_in_the_query()
    {
        _server.Map("DELETE", "/api/v1/tokens/my%20laptop", FakeResponse.Ok());

        var result = await CliRunner.RunAgainstAsync(_server, "tokens", "revoke", "my laptop", "--user", "ada");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ada", _server.RequestsTo("/api/v1/tokens/my%20laptop").Single().Query["user"]);
        Assert.Contains("Revoked token 'my laptop' of ada.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workspace_option_and_SLIPWAY_WORKSPACE_choose_the_workspace_header()
    {
        _server.Map("POST", "experiments/search", FakeResponse.Ok("""{"experiments":[]}"""));

        await CliRunner.RunAgainstAsync(_server, "experiments", "list", "--workspace", "team-a");
        await CliRunner.RunAsync(["experiments", "list", "--tracking-uri", _server.BaseUri.AbsoluteUri], new Dictionary<string, string> { ["SLIPWAY_WORKSPACE"] = "team-b" });
        await CliRunner.RunAgainstAsync(_server, "experiments", "list");

        Assert.Equal(["team-a", "team-b", null], _server.RequestsTo("experiments/search").Select(r => r.Headers["X-Slipway-Workspace"]));
    }

    [Fact]
    public async Task An_invalid_workspace_fails_without_a_request()
    {
        var result = await CliRunner.RunAgainstAsync(_server, "experiments", "list", "--workspace", "Team A");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: Invalid workspace 'Team A'", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Whoami_shows_the_user_the_sign_in_method_and_memberships()
    {
        _server.Map("GET", "/api/v1/me", FakeResponse.Ok($$"""
            {"user":{{SecurityJson.User("bob")}},"method":"token","scopes":["read"],"token_workspace":"team-a",
             "memberships":[{"workspace":"team-a","username":"bob","role":"editor"}]}
            """));

        var result = await CliRunner.RunAgainstAsync(_server, "whoami");

        Assert.Equal(0, result.ExitCode);
        foreach (var expected in new[] { "bob", "token", "Token scopes", "read", "team-a", "editor" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Workspaces_add_member_escapes_names_in_the_path_and_sends_the_role()
    {
        _server.Map("PUT", "/api/v1/workspaces/team-a/members/bob%40example.com", FakeResponse.Ok(
            """{"members":[{"workspace":"team-a","username":"bob@example.com","role":"maintainer"}]}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "workspaces", "add-member", "team-a", "bob@example.com", "--role", "Maintainer", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("maintainer", _server.RequestsTo("/api/v1/workspaces/team-a/members/bob%40example.com").Single().Json.GetProperty("role").GetString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(("team-a", "bob@example.com", "maintainer"), (json.RootElement.GetProperty("workspace_id").GetString(), json.RootElement.GetProperty("user").GetString(), json.RootElement.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Permissions_set_on_an_experiment_resolves_its_name_and_acts_in_the_workspace()
    {
        _server.Map("GET", "experiments/get-by-name", FakeResponse.Ok($$"""{"experiment":{{MlflowJson.Experiment("7", "fraud")}}}"""));
        _server.Map("PUT", "/api/v1/experiments/7/permissions/bob", FakeResponse.Ok(
            """{"permissions":[{"workspace":"team-a","experiment_id":"7","username":"bob","permission":"READ"}]}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "permissions", "set", "--user", "bob", "--experiment", "fraud", "--level", "read", "--workspace", "team-a");

        Assert.Equal(0, result.ExitCode);
        var request = _server.RequestsTo("/api/v1/experiments/7/permissions/bob").Single();
        Assert.Equal("READ", request.Json.GetProperty("permission").GetString());
        Assert.Equal("team-a", request.Headers["X-Slipway-Workspace"]);
        Assert.Contains("'bob' now has READ on experiment 7 in workspace 'team-a'.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permissions_delete_on_a_model_escapes_its_name()
    {
        _server.Map("DELETE", "/api/v1/models/fraud%2Fdetector/permissions/bob", FakeResponse.Ok());

        var result = await CliRunner.RunAgainstAsync(_server, "permissions", "delete", "--user", "bob", "--model", "fraud/detector");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(_server.RequestsTo("/api/v1/models/fraud%2Fdetector/permissions/bob"));
    }

    [Fact]
    public async Task Permissions_list_shows_the_resource_and_level()
    {
        _server.Map("GET", "/api/v1/permissions", FakeResponse.Ok("""
            {"permissions":[{"workspace":"team-a","registered_model":"fraud","username":"bob","permission":"NO_PERMISSIONS"}]}
            """));

        var result = await CliRunner.RunAgainstAsync(_server, "permissions", "list", "--user", "bob", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("bob", _server.RequestsTo("/api/v1/permissions").Single().Query["username"]);
        using var json = JsonDocument.Parse(result.Stdout);
        var grant = json.RootElement[0];
        Assert.Equal(("registered_model", "fraud", "NO_PERMISSIONS"), (grant.GetProperty("kind").GetString(), grant.GetProperty("resource_id").GetString(), grant.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task Audit_list_sends_the_filters_and_follows_pages()
    {
        _server.Map("GET", "/api/v1/audit", request => FakeResponse.Ok(request.Query["page_token"] is null
            ? """{"events":[{"id":1,"time":1700000000000,"actor":"ada","action":"user.create","resource":"user:bob","outcome":"success"}],"next_page_token":"1"}"""
            : """{"events":[{"id":2,"time":1700000001000,"actor":"ada","action":"token.create","outcome":"success"}]}"""));

        var result = await CliRunner.RunAgainstAsync(
            _server, "audit", "list", "--since", "2023-11-14T22:13:20Z", "--until", "1800000000000", "--actor", "ada", "--action", "user.create", "--audit-workspace", "team-a");

        Assert.Equal(0, result.ExitCode);
        var first = _server.RequestsTo("/api/v1/audit")[0].Query;
        Assert.Equal(("1700000000000", "1800000000000", "ada", "user.create", "team-a"), (first["from"], first["to"], first["actor"], first["action"], first["workspace"]));
        Assert.Equal("1", _server.RequestsTo("/api/v1/audit")[1].Query["page_token"]);
        foreach (var expected in new[] { "user.create", "user:bob", "token.create", "success" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Audit_export_writes_json_lines_to_standard_output_or_a_file()
    {
        const string Lines = "{\"id\":1,\"action\":\"login\"}\n{\"id\":2,\"action\":\"user.create\"}\n";
        _server.Map("GET", "/api/v1/audit/export", new FakeResponse(200, Lines, "application/x-ndjson"));
        var file = Path.Combine(Path.GetTempPath(), $"slipway-audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            var toStdout = await CliRunner.RunAgainstAsync(_server, "audit", "export", "--actor", "ada");
            var toFile = await CliRunner.RunAgainstAsync(_server, "audit", "export", "--file", file);

            Assert.Equal((0, 0), (toStdout.ExitCode, toFile.ExitCode));
            Assert.Equal(Lines, toStdout.Stdout.ReplaceLineEndings("\n"));
            Assert.Equal("ada", _server.RequestsTo("/api/v1/audit/export")[0].Query["actor"]);
            Assert.Equal(Lines, await File.ReadAllTextAsync(file));
            Assert.Contains("Wrote 2 audit entries", toFile.Stdout, StringComparison.Ordinal);
            Assert.False(File.Exists(file + ".partial"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_refusal_prints_the_server_code_and_message()
    {
        _server.Map("GET", "/api/v1/users", FakeResponse.Error(403, "PERMISSION_DENIED", "Only server admins may do this."));

        var result = await CliRunner.RunAgainstAsync(_server, "users", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: PERMISSION_DENIED: Only server admins may do this.", result.Stderr.Trim());
    }
}
