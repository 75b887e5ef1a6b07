using Slipway.Cli;
using Slipway.Server.Hosting;
using Spectre.Console;

namespace Slipway.Client.Tests.Infrastructure;

/// <summary>Runs <c>slipway</c> commands in-process with captured stdout and stderr and no real environment variables.</summary>
public static class CliRunner
{
    /// <param name="input">Standard input; empty unless given.</param>
    /// <param name="promptConsole">A terminal to prompt on; none (as when stdin is redirected) unless given.</param>
    public static async Task<CliResult> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string>? environment = null,
        Func<ServerOptions, CancellationToken, Task<SlipwayServer>>? startServer = null,
        string? input = null,
        IAnsiConsole? promptConsole = null,
        CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(input ?? string.Empty);
        var context = new CliContext(stdout, stderr, consoleWidth: 250)
        {
            Input = stdin,
            PromptConsole = promptConsole,
            GetEnvironmentVariable = name => environment?.GetValueOrDefault(name),
            StartServer = startServer ?? ((_, _) => throw new InvalidOperationException("No server in unit tests.")),
        };
        var exitCode = await CliApplication.InvokeAsync(args, context, cancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a client command against <paramref name="server"/>.</summary>
    public static Task<CliResult> RunAgainstAsync(FakeMlflowServer server, params string[] args) =>
        RunAsync([.. args, "--tracking-uri", server.BaseUri.AbsoluteUri]);

    /// <summary>Runs a client command against <paramref name="server"/> with <paramref name="input"/> on standard input.</summary>
    public static Task<CliResult> RunAgainstWithInputAsync(FakeMlflowServer server, string input, params string[] args) =>
        RunAsync([.. args, "--tracking-uri", server.BaseUri.AbsoluteUri], input: input);
}
