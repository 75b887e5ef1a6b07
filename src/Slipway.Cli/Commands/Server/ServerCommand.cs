using System.CommandLine;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Commands.Server;

/// <summary>
/// <c>slipway server</c>: starts the tracking server and runs it until Ctrl+C or SIGTERM. Prints
/// <c>Listening on http://host:port</c> (the real port when <c>--port 0</c>) to stdout once it accepts connections.
/// </summary>
internal static class ServerCommand
{
    public static Command Create(CliContext context)
    {
        var hosting = new ServerHostOptions(defaultPort: 5000);
        var grpcPort = ServerHostOptions.GrpcPort(
            "Also serve deployments over the Open Inference Protocol's gRPC (HTTP/2 without TLS) on this port; 0 picks a free one. Default: off.",
            defaultPort: null);
        var command = new Command("server", "Run the Slipway tracking and model registry server (MLflow REST API compatible) until Ctrl+C.");
        hosting.AddTo(command);
        command.Options.Add(grpcPort);
        command.WithExamples(
            "slipway server --port 5000 --data-dir ~/.slipway",
            "slipway server --host 0.0.0.0 --store postgresql://slipway:pw@db:5432/slipway --auth required",
            "slipway server --grpc-port 8081                  deployments over gRPC too");
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = hosting.ToServerOptions(parseResult, context);
            options.Serving.GrpcPort = parseResult.GetValue(grpcPort);
            return ServerLauncher.RunAsync(context, options, (output, server) => WriteBanner(output, server, options), cancellationToken);
        });
        return command;
    }

    private static void WriteBanner(TextWriter output, SlipwayServer server, ServerOptions options)
    {
        output.WriteLine($"Slipway server {ServerLauncher.Version()}");
        ServerLauncher.WriteListening(output, server, options);
        ServerLauncher.WriteClosing(output, server);
    }
}
