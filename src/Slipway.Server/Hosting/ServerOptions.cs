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

    /// <summary>Largest artifact a single upload may carry; null removes the limit.</summary>
    public long? MaxArtifactUploadBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>SQLite durability: <c>full</c> (fsync every commit; survives power loss) or <c>normal</c> (survives process crashes).</summary>
    public string SqliteSynchronous { get; set; } = "full";

    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".slipway");
}
