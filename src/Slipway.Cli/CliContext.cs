using Slipway.Client;
using Slipway.Server.Hosting;
using Spectre.Console;

namespace Slipway.Cli;

/// <summary>
/// Everything a command touches outside itself: where input comes from and output goes, environment variables,
/// how clients are made and how the server starts. Tests supply readers, writers and fakes;
/// <see cref="ForSystemConsole"/> is the real thing.
/// </summary>
public sealed class CliContext
{
    /// <param name="output">Standard output: tables, JSON, the server banner, help.</param>
    /// <param name="error">Standard error: error messages and hints.</param>
    /// <param name="console">Spectre console for tables; null renders plain text (no colours) to <paramref name="output"/>.</param>
    /// <param name="consoleWidth">Width of the plain console, when <paramref name="console"/> is null.</param>
    private const int RedirectedWidth = 250;

    public CliContext(TextWriter output, TextWriter error, IAnsiConsole? console = null, int consoleWidth = 160)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Output = output;
        Error = error;
        Console = console ?? CreatePlainConsole(output, consoleWidth);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Console { get; }

    /// <summary>Standard input: where <c>--password-stdin</c> reads the password from.</summary>
    public TextReader Input { get; init; } = System.Console.In;

    /// <summary>
    /// The console that asks for passwords without echoing them: interactive, writing to stderr so that prompts
    /// stay out of piped output. Null when standard input is not a terminal, where nobody could answer a prompt.
    /// </summary>
    public IAnsiConsole? PromptConsole { get; init; }

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// Makes the client for a tracking URI and workspace (null: the server's choice); by default with credentials
    /// from MLFLOW_TRACKING_TOKEN or _USERNAME/_PASSWORD.
    /// </summary>
    public Func<Uri, string?, SlipwayClient>? CreateClient { get; init; }

    public Func<ServerOptions, CancellationToken, Task<SlipwayServer>> StartServer { get; init; } = SlipwayServer.StartAsync;

    /// <summary>
    /// The process's console. When stdout is redirected (a pipe or a file), tables are laid out wide instead of at
    /// the 80 columns Spectre assumes, so that rows stay on one line for grep and friends.
    /// </summary>
    public static CliContext ForSystemConsole()
    {
        var console = AnsiConsole.Console;
        if (System.Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return new CliContext(System.Console.Out, System.Console.Error, console)
        {
            PromptConsole = System.Console.IsInputRedirected
                ? null
                : AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Interactive = InteractionSupport.Yes,
                    Out = new AnsiConsoleOutput(System.Console.Error),
                }),
        };
    }

    internal SlipwayClient NewClient(Uri trackingUri, string? workspace) =>
        CreateClient?.Invoke(trackingUri, workspace)
        ?? new SlipwayClient(trackingUri, credentials: TrackingEnvironment.ResolveCredentials(GetEnvironmentVariable)) { Workspace = workspace };

    private static IAnsiConsole CreatePlainConsole(TextWriter output, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return console;
    }
}
