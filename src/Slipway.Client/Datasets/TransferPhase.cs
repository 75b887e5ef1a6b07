namespace Slipway.Client.Datasets;

/// <summary>What a dataset push or pull is doing.</summary>
public enum TransferPhase
{
    /// <summary>Computing SHA-256 of local files: all of them on a push, those already present on a pull.</summary>
    Hashing,

    /// <summary>Sending the blobs the server does not hold yet.</summary>
    Uploading,

    /// <summary>Waiting for the server to commit the version (it profiles tabular files then).</summary>
    Committing,

    /// <summary>Fetching the files that are missing locally or differ.</summary>
    Downloading,
}
