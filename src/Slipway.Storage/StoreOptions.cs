namespace Slipway.Storage;

/// <summary>Settings for opening a metadata store, fixed for the lifetime of the store.</summary>
public sealed class StoreOptions
{
    /// <summary>
    /// Root under which experiments without an explicit artifact location store their artifacts
    /// (<c>{root}/{experimentId}</c>).
    /// </summary>
    public string DefaultArtifactRoot { get; init; } = "mlflow-artifacts:/";

    /// <summary>Source of creation and update timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// SQLite's durability level. <see cref="SqliteSynchronousMode.Full"/> survives power loss;
    /// <see cref="SqliteSynchronousMode.Normal"/> survives a killed process but not a power cut.
    /// </summary>
    public SqliteSynchronousMode SqliteSynchronous { get; init; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// How long SQLite waits for a lock another process holds on the database file before the write (or
    /// read) fails with an error.
    /// </summary>
    public TimeSpan SqliteBusyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
