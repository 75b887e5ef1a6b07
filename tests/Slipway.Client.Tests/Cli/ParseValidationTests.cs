using Slipway.Client.Tests.Infrastructure;

namespace Slipway.Client.Tests.Cli;

/// <summary>Invalid command lines fail before any request, with one <c>error:</c> line per problem and exit code 1.</summary>
public sealed class ParseValidationTests
{
    [Theory]
    [InlineData("Specify --stage STAGE or --alias ALIAS.", "models", "promote", "fraud", "3")]
    [InlineData("--stage and --alias cannot be used together", "models", "promote", "fraud", "3", "--stage", "Production", "--alias", "champion")]
    [InlineData("--archive-existing applies only with --stage", "models", "promote", "fraud", "3", "--alias", "champion", "--archive-existing")]
    [InlineData("Invalid stage 'Prod'", "models", "promote", "fraud", "3", "--stage", "Prod")]
    [InlineData("VERSION must be a positive version number", "models", "promote", "fraud", "0", "--stage", "Staging")]
    [InlineData("--port must be between 0 and 65535", "server", "--port", "70000")]
    [InlineData("--port must be between 0 and 65535 (got '')", "server", "--port", "")]
    [InlineData("--port must be between 0 and 65535 (got 'http')", "server", "--port", "http")]
    [InlineData("--max-results must be at least 1 (got 'ten')", "experiments", "list", "--max-results", "ten")]
    [InlineData("VERSION must be a positive version number (got 'v3')", "models", "promote", "fraud", "v3", "--stage", "Staging")]
    [InlineData("Argument 'off' not recognized", "server", "--sqlite-sync", "off")]
    [InlineData("'--experiment' is required", "runs", "search")]
    [InlineData("--max-results must be at least 1", "experiments", "list", "--max-results", "0")]
    [InlineData("Argument 'xml' not recognized", "experiments", "list", "--output", "xml")]
    [InlineData("Argument 'archived' not recognized", "runs", "search", "-e", "1", "--view", "archived")]
    [InlineData("Invalid tag 'oops'", "experiments", "create", "x", "--tag", "oops")]
    [InlineData("Unrecognized command or argument 'bogus'", "bogus")]
    [InlineData("Give exactly one of --experiment or --model.", "permissions", "set", "--user", "bob", "--level", "READ")]
    [InlineData("Give exactly one of --experiment or --model.", "permissions", "set", "--user", "bob", "--level", "READ", "--experiment", "7", "--model", "fraud")]
    [InlineData("Give exactly one of --experiment or --model.", "permissions", "delete", "--user", "bob")]
    [InlineData("Give exactly one of --experiment or --model.", "permissions", "delete", "--user", "bob", "--experiment", "7", "--model", "fraud")]
    [InlineData("Invalid level 'WRITE': use one of NO_PERMISSIONS, READ, EDIT, MANAGE.", "permissions", "set", "--user", "bob", "--model", "m", "--level", "WRITE")]
    [InlineData("Option '--user' is required.", "permissions", "set", "--model", "m", "--level", "READ")]
    [InlineData("Invalid role 'admin': use one of viewer, editor, maintainer, owner.", "workspaces", "add-member", "team-a", "bob", "--role", "admin")]
    [InlineData("Option '--role' is required.", "workspaces", "add-member", "team-a", "bob")]
    [InlineData("--password-stdin does not apply to --service-account", "users", "create", "bot", "--service-account", "--password-stdin")]
    [InlineData("Unrecognized command or argument '--password'", "users", "create", "ada", "--password", "hunter22")]
    [InlineData("Argument 'root' not recognized", "tokens", "create", "ci", "--scope", "root")]
    [InlineData("--expires-in-days must be between 1 and 3650 (got '0')", "tokens", "create", "ci", "--expires-in-days", "0")]
    [InlineData("Invalid time 'yesterday' for --from/--since", "audit", "list", "--since", "yesterday")]
    [InlineData("Invalid time 'soon' for --to/--until", "audit", "export", "--to", "soon")]
    [InlineData("Option '--token' is required.", "setup", "--user", "ada")]
    public async Task Invalid_command_lines_fail_with_a_clear_error(string expectedError, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expectedError, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Stage_names_are_accepted_in_any_casing()
    {
        await using var server = FakeMlflowServer.Start();
        server.Map("POST", "model-versions/transition-stage", FakeResponse.Ok($$"""{"model_version":{{MlflowJson.ModelVersion("fraud", "3", "Production")}}}"""));

        var result = await CliRunner.RunAgainstAsync(server, "models", "promote", "fraud", "3", "--stage", "production");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Production", server.RequestsTo("model-versions/transition-stage").Single().Json.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task A_tracking_uri_that_is_not_http_is_rejected_without_a_request()
    {
        var result = await CliRunner.RunAsync(["experiments", "list", "--tracking-uri", "localhost:5000"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: Invalid tracking URI 'localhost:5000'", result.Stderr, StringComparison.Ordinal);
    }
}
