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
