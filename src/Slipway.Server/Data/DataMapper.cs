using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Data.Datasets;

namespace Slipway.Server.Data;

/// <summary>Between the dataset API's messages and the data area's types.</summary>
public static class DataMapper
{
    public const string DefaultMediaType = "application/octet-stream";

    public static FileEntryDto ToDto(ManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new() { Path = entry.Path, Size = entry.Size, Hash = entry.Hash.Hex, MediaType = entry.MediaType };
    }

    public static DatasetVersionDto ToDto(DatasetVersion version, bool withProfile, bool? created = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new()
        {
            Dataset = version.Dataset,
            Version = version.Version,
            CreationTime = version.CreationTime,
            Creator = version.Creator,
            Message = version.Message,
            ParentVersion = version.ParentVersion,
            FileCount = version.FileCount,
            TotalBytes = version.TotalBytes,
            Tags = [.. version.Tags],
            Profile = withProfile ? VersionMetadata.Of(version).Profile : null,
            Created = created,
        };
    }

    /// <summary>A manifest from a request: every entry needs a path, a size and a hash; the media type defaults to octet-stream.</summary>
    public static IReadOnlyList<ManifestEntry> ToManifest(List<FileEntryDto>? files)
    {
        if (files is null || files.Count == 0)
        {
            throw SlipwayException.Invalid("Missing value for required parameter 'files': a dataset version needs at least one file.");
        }

        var manifest = new ManifestEntry[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i] ?? throw SlipwayException.Invalid($"files[{i}] is null.");
            if (string.IsNullOrEmpty(file.Path))
            {
                throw SlipwayException.Invalid($"Missing value for 'path' in files[{i}].");
            }

            if (file.Size is not { } size)
            {
                throw SlipwayException.Invalid($"Missing value for 'size' of '{file.Path}'.");
            }

            if (!ContentHash.TryParse(file.Hash, out var hash))
            {
                throw SlipwayException.Invalid($"Invalid hash '{file.Hash}' for '{file.Path}': expected 64 lower-case hex digits (SHA-256).");
            }

            manifest[i] = new ManifestEntry(file.Path, size, hash, string.IsNullOrWhiteSpace(file.MediaType) ? DefaultMediaType : file.MediaType);
        }

        return manifest;
    }

    public static ContentHash ParseHash(string? text) =>
        ContentHash.TryParse(text, out var hash)
            ? hash
            : throw SlipwayException.Invalid($"Invalid content hash '{text}': expected 64 lower-case hex digits (SHA-256).");
}
