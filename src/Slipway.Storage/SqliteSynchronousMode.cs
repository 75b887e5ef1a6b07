namespace Slipway.Storage;

/// <summary>The SQLite <c>synchronous</c> setting used with write-ahead logging.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>The log is synced at checkpoints only: a committed write survives a crashed process, not a power cut.</summary>
    Normal,

    /// <summary>The log is synced at every commit: a committed write survives a power cut.</summary>
    Full,
}
