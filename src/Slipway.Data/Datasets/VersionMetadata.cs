using System.Text.Json;
using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Datasets;

/// <summary>What a version stores beside its manifest (the <see cref="DatasetVersion.Metadata"/> JSON): its profile.</summary>
public sealed record VersionMetadata
{
    public DatasetProfile? Profile { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, DataJsonContext.Default.VersionMetadata);

    /// <summary>The metadata of a version; empty when it has none.</summary>
    public static VersionMetadata Of(DatasetVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return string.IsNullOrEmpty(version.Metadata)
            ? new VersionMetadata()
            : JsonSerializer.Deserialize(version.Metadata, DataJsonContext.Default.VersionMetadata) ?? new VersionMetadata();
    }

    /// <summary>The version's profile; an empty one (no tables, no images) when it has none.</summary>
    public static DatasetProfile ProfileOf(DatasetVersion version) => Of(version).Profile ?? new DatasetProfile();
}
