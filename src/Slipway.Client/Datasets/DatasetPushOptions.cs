namespace Slipway.Client.Datasets;

/// <summary>How <see cref="SlipwayClient.PushAsync"/> commits a version.</summary>
public sealed record DatasetPushOptions
{
    /// <summary>Why this version exists, shown in <c>slipway data versions</c>.</summary>
    public string? Message { get; init; }

    /// <summary>Tags to point at the new version besides <c>latest</c> (such as <c>golden</c>); each moves from any other version.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Upload requests in flight at once (1 to 64).</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>The version this one derives from; null leaves it to the server.</summary>
    public long? ParentVersion { get; init; }

    /// <summary>
    /// Leaves out, when pushing a directory, the files and whole directories for which it returns true. It gets paths
    /// relative to the directory, '/'-separated, a directory's with a trailing '/' (<c>logs/</c>, <c>logs/2024/</c>);
    /// a directory left out is not walked. Null pushes every file.
    /// </summary>
    public Func<string, bool>? Exclude { get; init; }
}
