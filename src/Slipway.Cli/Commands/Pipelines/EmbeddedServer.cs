using System.CommandLine;
using System.Net.Sockets;
using Slipway.Cli.Commands.Server;
using Slipway.Client;
using Slipway.Core.Errors;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// The embedded default of <c>slipway run</c>: when no server is configured and none answers at the default address,
/// a server runs in this process on the default data directory for as long as the run takes.
/// </summary>
internal static class EmbeddedServer
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>True when the user chose a server: --tracking-uri, or SLIPWAY_TRACKING_URI / MLFLOW_TRACKING_URI.</summary>
    public static bool IsConfigured(ParseResult parseResult, GlobalOptions global, CliContext context) =>
        parseResult.GetResult(global.TrackingUri) is { Implicit: false }
        || !string.IsNullOrWhiteSpace(context.GetEnvironmentVariable(TrackingEnvironment.SlipwayTrackingUri))
        || !string.IsNullOrWhiteSpace(context.GetEnvironmentVariable(TrackingEnvironment.MlflowTrackingUri));

    /// <summary>True when anything answers HTTP at the client's address (within a few seconds).</summary>
    public static async Task<bool> AnswersAsync(SlipwayClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await client.IsLiveAsync(timeout.Token);
            return true;
        }
        catch (SlipwayConnectionException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The options of the server in this process: loopback, a free port, the default data directory.</summary>
    public static ServerOptions Options(CliContext context) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        DataDirectory = ServerOptions.DefaultDataDirectory(),
        AdminUser = context.GetEnvironmentVariable("SLIPWAY_ADMIN_USER") is { Length: > 0 } adminUser ? adminUser : "admin",
        AdminPassword = context.GetEnvironmentVariable("SLIPWAY_ADMIN_PASSWORD") is { Length: > 0 } adminPassword ? adminPassword : null,
    };

    /// <exception cref="CommandException">The server could not start; the message says why.</exception>
    public static async Task<SlipwayServer> StartAsync(CliContext context, ServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await context.StartServer(options, cancellationToken);
        }
        catch (Exception ex) when (ex is SlipwayException or IOException or SocketException or ArgumentException)
        {
            throw new CommandException($"Could not run a server in this process: {ServerLauncher.DescribeStartFailure(ex, options)}", ex);
        }
    }

    /// <summary>A path under the home directory as <c>~/...</c>, as people write it.</summary>
    public static string Display(string path)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 && path.StartsWith(home, StringComparison.Ordinal) && (path.Length == home.Length || path[home.Length] == Path.DirectorySeparatorChar)
            ? "~" + path[home.Length..].Replace(Path.DirectorySeparatorChar, '/')
            : path;
    }
}
