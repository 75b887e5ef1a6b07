using Slipway.Cli;
using Slipway.Server.Hosting;

namespace Slipway.Client.Tests.Infrastructure;

/// <summary>Runs <c>slipway</c> commands in-process with captured stdout and stderr and no real environment variables.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string>? environment = null,
        Func<ServerOptions, CancellationToken, Task<SlipwayServer>>? startServer = null,
        CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, consoleWidth: 250)
        {
            GetEnvironmentVariable = name => environment?.GetValueOrDefault(name),
            StartServer = startServer ?? ((_, _) => throw new InvalidOperationException("No server in unit tests.")),
        };
        var exitCode = await CliApplication.InvokeAsync(args, context, cancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a client command against <paramref name="server"/>.</summary>
    public static Task<CliResult> RunAgainstAsync(FakeMlflowServer server, params string[] args) =>
        RunAsync([.. args, "--tracking-uri", server.BaseUri.AbsoluteUri]);
}
