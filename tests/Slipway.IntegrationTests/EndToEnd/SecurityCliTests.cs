using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Slipway.Cli;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Server.Hosting;
using Xunit;

namespace Slipway.IntegrationTests.EndToEnd;

/// <summary>
/// The security commands (<c>setup</c>, <c>users</c>, <c>tokens</c>, <c>workspaces</c>, <c>permissions</c>,
/// <c>audit</c>) end to end: a real server with authentication enforced, started in-process for each test, and the
/// CLI run in-process with its environment variables and standard input supplied through <see cref="CliContext"/>.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit disposes the test class through IAsyncLifetime.DisposeAsync.")]
public sealed class SecurityCliTests : IAsyncLifetime
{
    private const string AdminPassword = "admin-password-for-cli-tests";
    private const string Workspace = "fraud-team";

    private readonly TempDirectory _data = new("slipway-security-cli");
    private SlipwayServer? _server;

    private string Url => (_server ?? throw new InvalidOperationException("The server has not started.")).Addresses[0];

    public async Task InitializeAsync() => _server = await StartAsync(new ServerOptions { AdminUser = "admin", AdminPassword = AdminPassword });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task A_workspace_token_works_there_until_it_is_revoked_and_the_audit_log_shows_it_all()
    {
        await Ok(AsAdmin("users", "create", "ada", "--password-stdin"), input: PasswordOf("ada"));
        await Ok(AsAdmin("users", "create", "bob", "--password-stdin"), input: PasswordOf("bob"));
        await Ok(AsAdmin("workspaces", "create", Workspace, "--owner", "ada"));

        // The owner, not an admin, adds the member.
        await Ok(As("ada", "workspaces", "add-member", Workspace, "bob", "--role", "editor"));
        var members = await Ok(As("ada", "workspaces", "members", Workspace));
        Assert.Contains(Lines(members), l => l.Contains("ada", StringComparison.Ordinal) && l.Contains("owner", StringComparison.Ordinal));
        Assert.Contains(Lines(members), l => l.Contains("bob", StringComparison.Ordinal) && l.Contains("editor", StringComparison.Ordinal));

        var created = JsonNode.Parse(await Ok(As("bob", "tokens", "create", "ci", "--workspace", Workspace, "--output", "json")))!;
        var token = created.Str("token");
        Assert.Equal(Workspace, created.Str("info.workspace"));

        await Ok(WithToken(token, "experiments", "create", "fraud-detection", "--workspace", Workspace));
        var listed = await Ok(WithToken(token, "experiments", "list", "--workspace", Workspace));
        Assert.Contains("fraud-detection", listed, StringComparison.Ordinal);
        var elsewhere = await Fails(WithToken(token, "experiments", "list", "--workspace", "default"));
        Assert.Contains("works only in workspace 'fraud-team'", elsewhere, StringComparison.Ordinal);

        var bobsTokens = await Ok(As("bob", "tokens", "list"));
        Assert.Contains(Lines(bobsTokens), l => l.Contains("ci", StringComparison.Ordinal) && l.Contains("active", StringComparison.Ordinal));
        Assert.DoesNotContain(token, bobsTokens, StringComparison.Ordinal);

        await Ok(As("bob", "tokens", "revoke", "ci"));
        var revoked = await Fails(WithToken(token, "experiments", "list", "--workspace", Workspace));
        Assert.Equal("error: UNAUTHENTICATED: API token 'ci' of user bob was revoked.", revoked.Trim());

        var tokenEvents = JsonNode.Parse(await Ok(AsAdmin("audit", "list", "--actor", "bob", "--action", "token.create", "--output", "json")))!.AsArray();
        Assert.Equal("success", Assert.Single(tokenEvents)!.Str("outcome"));

        var exported = (await Ok(AsAdmin("audit", "export"))).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var actions = exported.Select(e => (e.Str("action"), e.At("actor")?.GetValue<string>())).ToHashSet();
        foreach (var expected in new[]
        {
            ("user.create", "admin"), ("workspace.create", "admin"), ("workspace.set-member", "ada"),
            ("token.create", "bob"), ("experiment.create", "bob"), ("token.revoke", "bob"),
        })
        {
            Assert.Contains(expected, actions);
        }

        Assert.Contains(exported, e => e.Str("action") == "login" && e.Str("outcome") == "failure" && e.Str("details").Contains("revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audit_export_to_a_file_writes_the_filtered_entries_as_json_lines()
    {
        await Ok(AsAdmin("users", "create", "ada", "--password-stdin"), input: PasswordOf("ada"));
        await Ok(AsAdmin("users", "create", "deploy-bot", "--service-account"));
        var file = _data.Combine("audit.jsonl");

        await Ok(AsAdmin("audit", "export", "--action", "user.create", "--since", "2020-01-01T00:00:00Z", "--file", file));

        var entries = (await File.ReadAllLinesAsync(file)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["user:ada", "user:deploy-bot"], entries.Select(e => e.Str("resource")));
        Assert.All(entries, e => Assert.Equal("user.create", e.Str("action")));
    }

    [Fact]
    public async Task Users_are_managed_by_admins_and_passwords_come_from_standard_input()
    {
        await Ok(AsAdmin("users", "create", "bob", "--password-stdin"), input: PasswordOf("bob"));

        var refused = await Fails(As("bob", "users", "list"));
        Assert.Equal("error: PERMISSION_DENIED: Only server admins may do this.", refused.Trim());

        await Ok(As("bob", "users", "set-password", "bob", "--password-stdin"), input: "a-brand-new-password\n");
        await Fails(As("bob", "whoami"));
        var whoami = await Ok(new(["whoami"], Basic("bob", "a-brand-new-password")));
        Assert.Contains("bob", whoami, StringComparison.Ordinal);
        Assert.Contains("basic", whoami, StringComparison.Ordinal);

        await Ok(AsAdmin("users", "set-admin", "bob", "true"));
        var users = JsonNode.Parse(await Ok(AsAdmin("users", "list", "--output", "json")))!.AsArray();
        Assert.True(users.Single(u => u!.Str("name") == "bob")!.Required("is_admin").GetValue<bool>());

        await Ok(AsAdmin("users", "delete", "bob"));
        var gone = await Fails(AsAdmin("users", "show", "bob"));
        Assert.StartsWith("error: RESOURCE_DOES_NOT_EXIST: ", gone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NO_PERMISSIONS_grant_hides_an_experiment_until_it_is_deleted()
    {
        await Ok(AsAdmin("users", "create", "bob", "--password-stdin"), input: PasswordOf("bob"));
        await Ok(AsAdmin("workspaces", "create", Workspace));
        await Ok(AsAdmin("workspaces", "add-member", Workspace, "bob", "--role", "viewer"));
        await Ok(AsAdmin("experiments", "create", "secret-experiment", "--workspace", Workspace));
        Assert.Contains("secret-experiment", await Ok(As("bob", "experiments", "list", "--workspace", Workspace)), StringComparison.Ordinal);

        await Ok(AsAdmin("permissions", "set", "--user", "bob", "--experiment", "secret-experiment", "--level", "NO_PERMISSIONS", "--workspace", Workspace));

        var grants = JsonNode.Parse(await Ok(AsAdmin("permissions", "list", "--user", "bob", "--output", "json")))!.AsArray();
        var grant = Assert.Single(grants)!;
        Assert.Equal((Workspace, "experiment", "NO_PERMISSIONS"), (grant.Str("workspace_id"), grant.Str("kind"), grant.Str("level")));
        Assert.DoesNotContain("secret-experiment", await Ok(As("bob", "experiments", "list", "--workspace", Workspace)), StringComparison.Ordinal);

        await Ok(AsAdmin("permissions", "delete", "--user", "bob", "--experiment", grant.Str("resource_id"), "--workspace", Workspace));
        Assert.Contains("secret-experiment", await Ok(As("bob", "experiments", "list", "--workspace", Workspace)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_creates_the_first_admin_with_the_one_time_token()
    {
        await using var fresh = await StartAsync(new ServerOptions { Authentication = "required" }, "fresh");
        var setupToken = fresh.SecurityBanner.Select(l => l.Trim()).Single(l => l.StartsWith("slipway setup --token ", StringComparison.Ordinal)).Split(' ')[3];
        var url = new Dictionary<string, string> { ["SLIPWAY_TRACKING_URI"] = fresh.Addresses[0] };

        await Ok(new(["setup", "--token", setupToken, "--user", "ada", "--password-stdin"], url), input: PasswordOf("ada"));

        var whoami = JsonNode.Parse(await Ok(new(["whoami", "--output", "json"], Basic("ada", PasswordOf("ada"), fresh.Addresses[0]))))!;
        Assert.True(whoami.Required("user.is_admin").GetValue<bool>());
        var again = await Fails(new(["setup", "--token", setupToken, "--user", "eve", "--password-stdin"], url), input: PasswordOf("eve"));
        Assert.StartsWith("error: PERMISSION_DENIED: Invalid setup token", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_is_never_taken_without_password_stdin_when_standard_input_is_not_a_terminal()
    {
        var refused = await Fails(AsAdmin("users", "create", "bob"), input: PasswordOf("bob"));

        Assert.Contains("Standard input is not a terminal", refused, StringComparison.Ordinal);
        Assert.StartsWith("error: RESOURCE_DOES_NOT_EXIST", await Fails(AsAdmin("users", "show", "bob")), StringComparison.Ordinal);
    }

    private static string PasswordOf(string user) => $"password-of-{user}-for-tests";

    private async Task<SlipwayServer> StartAsync(ServerOptions options, string directory = "data")
    {
        options.Host = "127.0.0.1";
        options.Port = 0;
        options.DataDirectory = _data.Combine(directory);
        return await SlipwayServer.StartAsync(options);
    }

    private CliCall AsAdmin(params string[] args) => new(args, Basic("admin", AdminPassword));

    private CliCall As(string user, params string[] args) => new(args, Basic(user, PasswordOf(user)));

    private CliCall WithToken(string token, params string[] args) =>
        new(args, new Dictionary<string, string> { ["SLIPWAY_TRACKING_URI"] = Url, ["MLFLOW_TRACKING_TOKEN"] = token });

    private Dictionary<string, string> Basic(string user, string password, string? url = null) => new()
    {
        ["SLIPWAY_TRACKING_URI"] = url ?? Url,
        ["MLFLOW_TRACKING_USERNAME"] = user,
        ["MLFLOW_TRACKING_PASSWORD"] = password,
    };

    /// <summary>Runs the command and asserts exit code 0; returns its standard output.</summary>
    private static async Task<string> Ok(CliCall call, string? input = null)
    {
        var result = await Run(call, input);
        Assert.True(result.ExitCode == 0, $"slipway {string.Join(' ', call.Args)}: {result}");
        return result.StandardOutput;
    }

    /// <summary>Runs the command and asserts exit code 1 with nothing on stdout; returns its standard error.</summary>
    private static async Task<string> Fails(CliCall call, string? input = null)
    {
        var result = await Run(call, input);
        Assert.True(result.ExitCode == 1, $"slipway {string.Join(' ', call.Args)}: {result}");
        Assert.Empty(result.StandardOutput);
        return result.StandardError;
    }

    /// <summary>
    /// Runs <c>slipway</c> in-process: environment variables only from the call's, standard input
    /// from <paramref name="input"/> (a line is added), and no terminal to prompt on, as in a script.
    /// </summary>
    private static async Task<CliResult> Run(CliCall call, string? input)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(input is null ? string.Empty : input + "\n");
        var context = new CliContext(stdout, stderr, consoleWidth: 250)
        {
            Input = stdin,
            GetEnvironmentVariable = call.Environment.GetValueOrDefault,
        };
        var exitCode = await CliApplication.InvokeAsync(call.Args, context);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A command line and the only environment variables it sees.</summary>
    private sealed record CliCall(string[] Args, IReadOnlyDictionary<string, string> Environment);
}
