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
    [InlineData("Option '--name' is required.", "data", "push", "./churn")]
    [InlineData("the dataset name 'bad name' must be 1 to 128 letters", "data", "push", "./churn", "--name", "bad name")]
    [InlineData("the tag '3rd' must be 1 to 64 letters", "data", "push", "./churn", "--name", "churn", "--tag", "3rd")]
    [InlineData("--parallel must be between 1 and 64 (got '0')", "data", "push", "./churn", "--name", "churn", "--parallel", "0")]
    [InlineData("--parallel must be between 1 and 64 (got 'many')", "data", "pull", "churn@3", "./out", "--parallel", "many")]
    [InlineData("Invalid dataset reference 'churn@': nothing follows '@'", "data", "show", "churn@")]
    [InlineData("Invalid dataset reference 'churn@0': '0' is not a version number", "data", "files", "churn@0")]
    [InlineData("'churn@3/train.csv' names a file; give a version only, such as churn@3.", "data", "show", "churn@3/train.csv")]
    [InlineData("'data:churn@3' names a version; give the dataset name only.", "data", "versions", "data:churn@3")]
    [InlineData("'churn@golden' must name a version by number, such as churn@3", "data", "delete", "churn@golden")]
    [InlineData("'churn' must name a version by number", "data", "delete", "churn")]
    [InlineData("Required argument missing for command: 'pull'.", "data", "pull", "churn@3")]
    [InlineData("Option '--suite' is required.", "data", "validate", "churn@3")]
    [InlineData("Invalid duration '5' for --grace", "data", "gc", "--grace", "5")]
    [InlineData("the tag '1x' must be 1 to 64 letters", "data", "tag", "churn@3", "1x")]
    [InlineData("--local runs one step: name it with --step NAME.", "run", "slipway.yaml", "--local")]
    [InlineData("--step applies only with --local; on a server every step runs.", "run", "slipway.yaml", "--step", "train")]
    [InlineData("--no-wait does not apply to --local", "run", "slipway.yaml", "--local", "--step", "train", "--no-wait")]
    [InlineData("Required argument missing for command: 'run'.", "run")]
    [InlineData("Argument 'done' not recognized", "pipelines", "runs", "--status", "done")]
    [InlineData("Required argument missing for command: 'delete'.", "pipelines", "webhook", "delete", "churn")]
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
