using Slipway.Core.Data.Profiles;
using Slipway.Data.Datasets;
using Slipway.Server.Mlflow.Contracts;

namespace Slipway.Server.Data;

// Messages of the dataset API (/api/v1/datasets, /api/v1/blobs; docs/data.md describes the protocol).

public sealed class FileEntryDto
{
    public string? Path { get; set; }

    public long? Size { get; set; }

    public string? Hash { get; set; }

    public string? MediaType { get; set; }
}

public sealed class DatasetSummaryDto
{
    public required string Name { get; set; }

    public long LatestVersion { get; set; }

    public long CreationTime { get; set; }

    public long LastUpdatedTime { get; set; }
}

public sealed class DatasetsResponse
{
    public required List<DatasetSummaryDto> Datasets { get; set; }
}

public sealed class DatasetVersionDto
{
    public required string Dataset { get; set; }

    public long Version { get; set; }

    public long CreationTime { get; set; }

    public string? Creator { get; set; }

    public string? Message { get; set; }

    public long? ParentVersion { get; set; }

    public int FileCount { get; set; }

    public long TotalBytes { get; set; }

    public required List<string> Tags { get; set; }

    public DatasetProfile? Profile { get; set; }

    /// <summary>Set on a commit's answer: false when the pushed data matched the latest version.</summary>
    public bool? Created { get; set; }
}

public sealed class DatasetVersionsResponse
{
    public required List<DatasetVersionDto> Versions { get; set; }
}

public sealed class FilesResponse
{
    public required List<FileEntryDto> Files { get; set; }
}

public sealed class PlanPushRequest
{
    public List<FileEntryDto>? Files { get; set; }
}

public sealed class PlanPushResponse
{
    public required List<string> Missing { get; set; }
}

public sealed class CommitRequest
{
    public List<FileEntryDto>? Files { get; set; }

    public string? Message { get; set; }

    public long? ParentVersion { get; set; }

    public List<string>? Tags { get; set; }
}

public sealed class TagRequest
{
    public long? Version { get; set; }
}

public sealed class BlobStoredResponse
{
    public required string Hash { get; set; }

    public long Size { get; set; }
}

public sealed class BlobBatchResponse
{
    public long Stored { get; set; }

    public long Bytes { get; set; }
}

public sealed class FetchBlobsRequest
{
    public List<string>? Hashes { get; set; }
}

public sealed class SweepRequest
{
    public long? GraceSeconds { get; set; }
}

public sealed class FileChangeDto
{
    public required string Path { get; set; }

    public required FileEntryDto From { get; set; }

    public required FileEntryDto To { get; set; }
}

public sealed class DatasetDiffResponse
{
    public required string From { get; set; }

    public required string To { get; set; }

    public required List<FileEntryDto> Added { get; set; }

    public required List<FileEntryDto> Removed { get; set; }

    public required List<FileChangeDto> Changed { get; set; }

    public long UnchangedCount { get; set; }

    public required IReadOnlyList<TableChange> Tables { get; set; }
}

public sealed class DatasetLineageResponse
{
    public required string Dataset { get; set; }

    public long Version { get; set; }

    public required List<RunInfoDto> Runs { get; set; }

    public required List<ModelVersionDto> ModelVersions { get; set; }
}

public sealed class DatasetVersionRefDto
{
    public required string Name { get; set; }

    public long Version { get; set; }
}

public sealed class EmptyDataResponse
{
}
