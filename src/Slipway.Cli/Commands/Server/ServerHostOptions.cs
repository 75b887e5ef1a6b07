using System.CommandLine;
using Slipway.Server.Hosting;
using Slipway.Server.Security;

namespace Slipway.Cli.Commands.Server;

/// <summary>
/// The options <c>slipway server</c> and <c>slipway serve</c> share: where to listen, which store and data to open,
/// and how callers sign in. A replica started by <c>serve</c> names the same store and artifacts as the tracking
/// server, so both commands read them the same way.
/// </summary>
internal sealed class ServerHostOptions
{
    public ServerHostOptions(int defaultPort)
    {
        Host = new Option<string>("--host")
        {
            Description = "Network interface to listen on; 0.0.0.0 listens on every interface, which needs authentication (see --auth).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        Port = new Option<int>("--port", "-p")
        {
            Description = "TCP port to listen on; 0 picks a free port (printed in the banner).",
            DefaultValueFactory = _ => defaultPort,
        };
        Port.Validators.Add(result => NumberRange.Check(result, 0, 65535, "--port must be between 0 and 65535"));
        DataDirectory = new Option<string>("--data-dir")
        {
            Description = "Directory for the SQLite database and local artifacts; created if missing.",
            HelpName = "dir",
            DefaultValueFactory = _ => ServerOptions.DefaultDataDirectory(),
        };
        Store = new Option<string?>("--store")
        {
            Description = "Metadata store: sqlite:///path/to/file.db or postgresql://user:password@host:5432/database. Default: SQLite in the data directory.",
            HelpName = "uri",
        };
        ArtifactsDirectory = new Option<string?>("--artifacts-dir")
        {
            Description = "Directory for artifacts served through the artifact proxy. Default: artifacts/ in the data directory.",
            HelpName = "dir",
        };
        SqliteSync = new Option<string>("--sqlite-sync")
        {
            Description = "SQLite durability: 'full' fsyncs every commit (survives power loss); 'normal' survives process crashes only.",
            DefaultValueFactory = _ => "full",
        };
        SqliteSync.AcceptOnlyFromAmong("full", "normal");
        Auth = new Option<string>("--auth")
        {
            Description = "'auto': require sign-in once any user exists; until then single-user mode on a loopback address, and refuse to start on any other. "
                + "'required': always require sign-in; with no users yet, print a one-time setup token. "
                + "The first admin can also come from $SLIPWAY_ADMIN_PASSWORD (name: $SLIPWAY_ADMIN_USER, default 'admin').",
            DefaultValueFactory = _ => "auto",
        };
        Auth.AcceptOnlyFromAmong("auto", "required");
        OidcIssuer = new Option<string?>("--oidc-issuer")
        {
            Description = "Accept single sign-on JWTs from this OpenID Connect issuer (its signing keys come from its discovery document).",
            HelpName = "url",
        };
        OidcAudience = new Option<string?>("--oidc-audience")
        {
            Description = "The audience single sign-on JWTs must be issued for (required with --oidc-issuer).",
            HelpName = "audience",
        };
        OidcUserClaim = new Option<string>("--oidc-user-claim")
        {
            Description = "The JWT claim that holds the Slipway user name.",
            HelpName = "claim",
            DefaultValueFactory = _ => "preferred_username",
        };
        OidcMetadata = new Option<string?>("--oidc-metadata-url")
        {
            Description = "Where the issuer's discovery document is, when not at <issuer>/.well-known/openid-configuration. http:// is accepted only on loopback.",
            HelpName = "url",
        };
    }

    public Option<string> Host { get; }

    public Option<int> Port { get; }

    public Option<string> DataDirectory { get; }

    public Option<string?> Store { get; }

    public Option<string?> ArtifactsDirectory { get; }

    public Option<string> SqliteSync { get; }

    public Option<string> Auth { get; }

    public Option<string?> OidcIssuer { get; }

    public Option<string?> OidcAudience { get; }

    public Option<string> OidcUserClaim { get; }

    public Option<string?> OidcMetadata { get; }

    /// <summary>Adds every option to <paramref name="command"/>, in the order help lists them.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in (Option[])[Host, Port, DataDirectory, Store, ArtifactsDirectory, SqliteSync, Auth, OidcIssuer, OidcAudience, OidcUserClaim, OidcMetadata])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The server's options as parsed; the first admin's name and password come from the environment.</summary>
    public ServerOptions ToServerOptions(ParseResult parseResult, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        return new ServerOptions
        {
            Host = parseResult.GetRequiredValue(Host),
            Port = parseResult.GetValue(Port),
            DataDirectory = ExpandHome(parseResult.GetRequiredValue(DataDirectory)),
            StoreUri = parseResult.GetValue(Store),
            ArtifactsDirectory = parseResult.GetValue(ArtifactsDirectory) is { } dir ? ExpandHome(dir) : null,
            SqliteSynchronous = parseResult.GetRequiredValue(SqliteSync),
            Authentication = parseResult.GetRequiredValue(Auth),
            AdminUser = context.GetEnvironmentVariable("SLIPWAY_ADMIN_USER") is { Length: > 0 } adminUser ? adminUser : "admin",
            AdminPassword = context.GetEnvironmentVariable("SLIPWAY_ADMIN_PASSWORD") is { Length: > 0 } adminPassword ? adminPassword : null,
            Oidc = new OidcOptions
            {
                Issuer = parseResult.GetValue(OidcIssuer),
                Audience = parseResult.GetValue(OidcAudience),
                UserClaim = parseResult.GetRequiredValue(OidcUserClaim),
                MetadataAddress = parseResult.GetValue(OidcMetadata),
                AllowHttpMetadata = IsLoopbackUrl(parseResult.GetValue(OidcMetadata) ?? parseResult.GetValue(OidcIssuer)),
            },
        };
    }

    /// <summary>
    /// A <c>--grpc-port</c> option: the Open Inference Protocol over gRPC, on a port of its own (HTTP/2 without TLS,
    /// which cannot share a port with HTTP/1.1); null when not given and <paramref name="defaultPort"/> is null.
    /// </summary>
    public static Option<int?> GrpcPort(string description, int? defaultPort)
    {
        var option = new Option<int?>("--grpc-port") { Description = description, HelpName = "port" };
        if (defaultPort is { } port)
        {
            option.DefaultValueFactory = _ => port;
        }

        option.Validators.Add(result => NumberRange.Check(result, 0, 65535, "--grpc-port must be between 0 and 65535"));
        return option;
    }

    private static bool IsLoopbackUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host, out var ip) && System.Net.IPAddress.IsLoopback(ip)));

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'))
            : path;
}
