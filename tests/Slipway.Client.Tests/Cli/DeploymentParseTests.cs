using Slipway.Client.Tests.Infrastructure;

namespace Slipway.Client.Tests.Cli;

/// <summary>Command lines of <c>slipway deployments</c> and <c>slipway serve</c> that fail before any request or start, with one <c>error:</c> line and exit code 1.</summary>
public sealed class DeploymentParseTests
{
    [Theory]
    [InlineData("Invalid --model 'models:/churn/3=ninety'", "deployments", "create", "churn", "--model", "models:/churn/3=ninety")]
    [InlineData("Invalid --model '=90'", "deployments", "create", "churn", "--model", "=90")]
    [InlineData("--batch-size must be from 1 to 100000 (got '0')", "deployments", "create", "churn", "--model", "models:/churn/3", "--batch-size", "0")]
    [InlineData("--batch-latency-ms must be from 0 to 10000 (got '20000')", "deployments", "update", "churn", "--batch-latency-ms", "20000")]
    [InlineData("--log-sample-rate must be a number from 0 to 1 (got '1.5')", "deployments", "update", "churn", "--log-sample-rate", "1.5")]
    [InlineData("Argument 'targets' not recognized", "deployments", "update", "churn", "--clear", "targets")]
    [InlineData("--to-revision must be a positive revision number (got '0')", "deployments", "rollback", "churn", "--to-revision", "0")]
    [InlineData("Give exactly one of --json REQUEST, --file PATH and --rows ROWS.", "deployments", "predict", "churn")]
    [InlineData("Give exactly one of --json REQUEST, --file PATH and --rows ROWS.", "deployments", "predict", "churn", "--rows", "[[1]]", "--file", "r.json")]
    [InlineData("Give exactly one of --deployment NAME and --model URI.", "serve")]
    [InlineData("Give exactly one of --deployment NAME and --model URI.", "serve", "--deployment", "churn", "--model", "models:/churn@champion")]
    [InlineData("Invalid deployment name 'Churn'", "serve", "--deployment", "Churn")]
    [InlineData("it does not start with 'models:/'", "serve", "--model", "churn@champion")]
    [InlineData("--grpc-port must be between 0 and 65535 (got '70000')", "serve", "--model", "models:/churn@champion", "--grpc-port", "70000")]
    [InlineData("--grpc-port must be between 0 and 65535 (got 'on')", "server", "--grpc-port", "on")]
    public async Task Invalid_command_lines_fail_with_a_clear_error(string expectedError, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expectedError, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("--batch-latency-ms needs --batch-size.", "deployments", "create", "churn", "--model", "models:/churn/3", "--batch-latency-ms", "5")]
    [InlineData("Give at least one --model", "deployments", "create", "churn")]
    [InlineData("--rows must be a JSON array of rows of numbers", "deployments", "predict", "churn", "--rows", "[1, 2, 3]")]
    [InlineData("Cannot read the request file", "deployments", "predict", "churn", "--file", "/nonexistent/slipway/request.json")]
    public async Task Bad_values_are_refused_before_any_request(string expectedError, params string[] args)
    {
        // Nothing listens on port 9: a request would fail with the unreachable-server hint instead.
        var result = await CliRunner.RunAsync([.. args, "--tracking-uri", "http://127.0.0.1:9"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expectedError, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("slipway server", result.Stderr, StringComparison.Ordinal);
    }
}
