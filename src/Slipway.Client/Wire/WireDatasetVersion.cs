using Slipway.Core.Data.Profiles;

namespace Slipway.Client.Wire;

/// <summary>A dataset version; <see cref="Profile"/> only on a single version's GET and on commit, <see cref="Created"/> only on commit.</summary>
internal sealed record WireDatasetVersion
{
    public string? Dataset { get; init; }

    public long Version { get; init; }

    public long CreationTime { get; init; }

    public string? Creator { get; init; }

    public string? Message { get; init; }

    public long? ParentVersion { get; init; }

    public int FileCount { get; init; }

    public long TotalBytes { get; init; }

    public List<string>? Tags { get; init; }

    public DatasetProfile? Profile { get; init; }

    public bool? Created { get; init; }
}
