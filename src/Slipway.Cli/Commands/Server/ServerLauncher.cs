using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Slipway.Core.Errors;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Commands.Server;

/// <summary>
/// Starts a server, prints its banner and runs it until Ctrl+C, SIGTERM or the caller's token, then stops it
/// cleanly: the life of both <c>slipway server</c> and <c>slipway serve</c>. A start that fails for a reason the user
/// can fix (a bad store, a port in use) is one line on stderr and exit code 1.
/// </summary>
internal static class ServerLauncher
{
    public static async Task<int> RunAsync(
        CliContext context, ServerOptions options, Action<TextWriter, SlipwayServer> writeBanner, CancellationToken cancellationToken)
    {
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => RequestShutdown(signal, shutdown));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => RequestShutdown(signal, shutdown));

        SlipwayServer server;
        try
        {
            server = await context.StartServer(options, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception ex) when (IsStartFailure(ex))
        {
            return ClientCommandAction.Fail(context, DescribeStartFailure(ex, options));
        }

        await using (server)
        {
            writeBanner(context.Output, server);
            context.Output.Flush();
            try
            {
                await server.WaitForShutdownAsync(shutdown.Token);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                // Ctrl+C, SIGTERM or the caller's token: stop below.
            }

            context.Output.WriteLine("Shutting down...");
            context.Output.Flush();
            await server.StopAsync();
        }

        context.Output.WriteLine("Stopped.");
        context.Output.Flush();
        return 0;
    }

    /// <summary>The HTTP address lines, and the store lines, every banner starts with.</summary>
    public static void WriteListening(TextWriter output, SlipwayServer server, ServerOptions options)
    {
        var addresses = server.Addresses.Count > 0 ? server.Addresses : [$"http://{options.Host}:{options.Port}"];
        foreach (var address in addresses)
        {
            output.WriteLine($"Listening on {address}");
        }

        if (server.GrpcAddress is { } grpc)
        {
            output.WriteLine($"gRPC:        {grpc} (Open Inference Protocol)");
        }

        output.WriteLine($"Store:       {StoreDescription.Describe(options.StoreUri)}");
        if (options.StoreUri is null || options.StoreUri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            output.WriteLine($"SQLite sync: {options.SqliteSynchronous}");
        }

        output.WriteLine($"Data dir:    {options.DataDirectory}");
        output.WriteLine($"Artifacts:   {options.ArtifactsDirectory ?? Path.Combine(options.DataDirectory, "artifacts")}");
    }

    /// <summary>The security lines and the way out, every banner ends with.</summary>
    public static void WriteClosing(TextWriter output, SlipwayServer server)
    {
        foreach (var line in server.SecurityBanner)
        {
            output.WriteLine(line);
        }

        output.WriteLine("Press Ctrl+C to stop.");
    }

    /// <summary>One line for the user; a store password that found its way into the message is masked.</summary>
    internal static string DescribeStartFailure(Exception ex, ServerOptions options) =>
        IsAddressInUse(ex)
            ? options.Serving.GrpcPort is { } grpcPort
                ? $"Port {options.Port} or gRPC port {grpcPort} on {options.Host} is already in use; choose others with --port and --grpc-port"
                : $"Port {options.Port} on {options.Host} is already in use; choose another with --port"
            : StoreDescription.MaskPassword(ex.Message, options.StoreUri);

    public static string Version()
    {
        var version = typeof(ServerLauncher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private static void RequestShutdown(PosixSignalContext signal, CancellationTokenSource shutdown)
    {
        signal.Cancel = true;
        shutdown.Cancel();
    }

    private static bool IsStartFailure(Exception ex) =>
        ex is SlipwayException or IOException or SocketException or ArgumentException || IsAddressInUse(ex);

    /// <summary>Kestrel reports a taken port as an IOException around an AddressInUseException (or a SocketException).</summary>
    private static bool IsAddressInUse(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || current.GetType().Name == "AddressInUseException"
                || current.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
