using Slipway.Server.Security;
using Slipway.Server.Serving;

namespace Slipway.Server.Hosting;

/// <summary>Settings of one server process, validated once at start-up.</summary>
public sealed class ServerOptions
{
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests); the chosen address is reported by <see cref="SlipwayServer.Addresses"/>.</summary>
    public int Port { get; set; } = 5000;

    /// <summary>Directory for the SQLite database and local artifacts; created if missing.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary><c>sqlite:///path/to/file.db</c> or <c>postgresql://user:pass@host:port/db</c>; null means SQLite in the data directory.</summary>
    public string? StoreUri { get; set; }

    /// <summary>Directory that holds artifacts served through the proxied artifact API; null means <c>artifacts/</c> in the data directory.</summary>
    public string? ArtifactsDirectory { get; set; }

    /// <summary>Directory of dataset file contents (content-addressed blobs); null means <c>blobs/</c> in the data directory.</summary>
    public string? BlobsDirectory { get; set; }

    /// <summary>Largest artifact (or dataset file) a single upload may carry; null removes the limit.</summary>
    public long? MaxArtifactUploadBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>SQLite durability: <c>full</c> (fsync every commit; survives power loss) or <c>normal</c> (survives process crashes).</summary>
    public string SqliteSynchronous { get; set; } = "full";

    /// <summary>
    /// <c>auto</c>: enforce authentication once any user exists; before that, single-user mode on a loopback address
    /// and a refusal to start on any other. <c>required</c>: always enforce it; with no users yet, print a one-time
    /// setup token that creates the first admin.
    /// </summary>
    public string Authentication { get; set; } = "auto";

    /// <summary>The first admin's name, created at start when <see cref="AdminPassword"/> is set and no such user exists.</summary>
    public string AdminUser { get; set; } = "admin";

    /// <summary>The first admin's password (the CLI reads it from SLIPWAY_ADMIN_PASSWORD); never stored in plain text.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Single sign-on with an OIDC provider's JWTs; off unless its issuer is set.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Failed sign-in attempts a client address may make per minute before it is refused with 429.</summary>
    public int MaxFailedLoginsPerMinute { get; set; } = 10;

    /// <summary>Largest JSON request body any API route accepts (413 beyond); artifact uploads have their own limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Model serving: the gRPC port, serving-only mode, the model cache and the inference log.</summary>
    public ServingOptions Serving { get; set; } = new();

    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".slipway");
}
