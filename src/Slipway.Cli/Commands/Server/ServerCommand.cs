using System.CommandLine;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Slipway.Core.Errors;
using Slipway.Server.Hosting;
using Slipway.Server.Security;

namespace Slipway.Cli.Commands.Server;

/// <summary>
/// <c>slipway server</c>: starts the tracking server and runs it until Ctrl+C or SIGTERM. Prints
/// <c>Listening on http://host:port</c> (the real port when <c>--port 0</c>) to stdout once it accepts connections.
/// </summary>
internal static class ServerCommand
{
    public static Command Create(CliContext context)
    {
        var host = new Option<string>("--host")
        {
            Description = "Network interface to listen on; 0.0.0.0 listens on every interface, which needs authentication (see --auth).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--port", "-p")
        {
            Description = "TCP port to listen on; 0 picks a free port (printed in the banner).",
            DefaultValueFactory = _ => 5000,
        };
        port.Validators.Add(result => NumberRange.Check(result, 0, 65535, "--port must be between 0 and 65535"));
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for the SQLite database and local artifacts; created if missing.",
            HelpName = "dir",
            DefaultValueFactory = _ => ServerOptions.DefaultDataDirectory(),
        };
        var store = new Option<string?>("--store")
        {
            Description = "Metadata store: sqlite:///path/to/file.db or postgresql://user:password@host:5432/database. Default: SQLite in the data directory.",
            HelpName = "uri",
        };
        var artifactsDir = new Option<string?>("--artifacts-dir")
        {
            Description = "Directory for artifacts served through the artifact proxy. Default: artifacts/ in the data directory.",
            HelpName = "dir",
        };
        var sqliteSync = new Option<string>("--sqlite-sync")
        {
            Description = "SQLite durability: 'full' fsyncs every commit (survives power loss); 'normal' survives process crashes only.",
            DefaultValueFactory = _ => "full",
        };
        sqliteSync.AcceptOnlyFromAmong("full", "normal");
        var auth = new Option<string>("--auth")
        {
            Description = "'auto': require sign-in once any user exists; until then single-user mode on a loopback address, and refuse to start on any other. "
                + "'required': always require sign-in; with no users yet, print a one-time setup token. "
                + "The first admin can also come from $SLIPWAY_ADMIN_PASSWORD (name: $SLIPWAY_ADMIN_USER, default 'admin').",
            DefaultValueFactory = _ => "auto",
        };
        auth.AcceptOnlyFromAmong("auto", "required");
        var oidcIssuer = new Option<string?>("--oidc-issuer")
        {
            Description = "Accept single sign-on JWTs from this OpenID Connect issuer (its signing keys come from its discovery document).",
            HelpName = "url",
        };
        var oidcAudience = new Option<string?>("--oidc-audience")
        {
            Description = "The audience single sign-on JWTs must be issued for (required with --oidc-issuer).",
            HelpName = "audience",
        };
        var oidcUserClaim = new Option<string>("--oidc-user-claim")
        {
            Description = "The JWT claim that holds the Slipway user name.",
            HelpName = "claim",
            DefaultValueFactory = _ => "preferred_username",
        };
        var oidcMetadata = new Option<string?>("--oidc-metadata-url")
        {
            Description = "Where the issuer's discovery document is, when not at <issuer>/.well-known/openid-configuration. http:// is accepted only on loopback.",
            HelpName = "url",
        };
        var command = new Command("server", "Run the Slipway tracking and model registry server (MLflow REST API compatible) until Ctrl+C.")
        {
            host, port, dataDir, store, artifactsDir, sqliteSync, auth, oidcIssuer, oidcAudience, oidcUserClaim, oidcMetadata,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new ServerOptions
            {
                Host = parseResult.GetRequiredValue(host),
                Port = parseResult.GetValue(port),
                DataDirectory = ExpandHome(parseResult.GetRequiredValue(dataDir)),
                StoreUri = parseResult.GetValue(store),
                ArtifactsDirectory = parseResult.GetValue(artifactsDir) is { } dir ? ExpandHome(dir) : null,
                SqliteSynchronous = parseResult.GetRequiredValue(sqliteSync),
                Authentication = parseResult.GetRequiredValue(auth),
                AdminUser = context.GetEnvironmentVariable("SLIPWAY_ADMIN_USER") is { Length: > 0 } adminUser ? adminUser : "admin",
                AdminPassword = context.GetEnvironmentVariable("SLIPWAY_ADMIN_PASSWORD") is { Length: > 0 } adminPassword ? adminPassword : null,
                Oidc = new OidcOptions
                {
                    Issuer = parseResult.GetValue(oidcIssuer),
                    Audience = parseResult.GetValue(oidcAudience),
                    UserClaim = parseResult.GetRequiredValue(oidcUserClaim),
                    MetadataAddress = parseResult.GetValue(oidcMetadata),
                    AllowHttpMetadata = IsLoopbackUrl(parseResult.GetValue(oidcMetadata) ?? parseResult.GetValue(oidcIssuer)),
                },
            };
            return RunAsync(context, options, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ServerOptions options, CancellationToken cancellationToken)
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
            WriteBanner(context.Output, server, options);
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

    private static void RequestShutdown(PosixSignalContext signal, CancellationTokenSource shutdown)
    {
        signal.Cancel = true;
        shutdown.Cancel();
    }

    private static void WriteBanner(TextWriter output, SlipwayServer server, ServerOptions options)
    {
        output.WriteLine($"Slipway server {Version()}");
        var addresses = server.Addresses.Count > 0 ? server.Addresses : [$"http://{options.Host}:{options.Port}"];
        foreach (var address in addresses)
        {
            output.WriteLine($"Listening on {address}");
        }

        output.WriteLine($"Store:       {StoreDescription.Describe(options.StoreUri)}");
        if (options.StoreUri is null || options.StoreUri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            output.WriteLine($"SQLite sync: {options.SqliteSynchronous}");
        }

        output.WriteLine($"Data dir:    {options.DataDirectory}");
        output.WriteLine($"Artifacts:   {options.ArtifactsDirectory ?? Path.Combine(options.DataDirectory, "artifacts")}");
        foreach (var line in server.SecurityBanner)
        {
            output.WriteLine(line);
        }

        output.WriteLine("Press Ctrl+C to stop.");
        output.Flush();
    }

    private static bool IsLoopbackUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host, out var ip) && System.Net.IPAddress.IsLoopback(ip)));

    private static bool IsStartFailure(Exception ex) =>
        ex is SlipwayException or IOException or SocketException or ArgumentException || IsAddressInUse(ex);

    /// <summary>One line for the user; a store password that found its way into the message is masked.</summary>
    internal static string DescribeStartFailure(Exception ex, ServerOptions options) =>
        IsAddressInUse(ex)
            ? $"Port {options.Port} on {options.Host} is already in use; choose another with --port"
            : StoreDescription.MaskPassword(ex.Message, options.StoreUri);

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

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'))
            : path;

    private static string Version()
    {
        var version = typeof(ServerCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
