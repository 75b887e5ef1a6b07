using Slipway.Core.Data;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// An input of a step once its source is pinned: what it digests to (for the cache key) and where its files come
/// from: dataset files (<see cref="DatasetFiles"/> under <see cref="DatasetPrefix"/>) or an artifact path
/// (<see cref="ArtifactStorePath"/>). <see cref="SingleFile"/> is true when the reference names one file by path
/// (<c>data:churn@3/train.csv</c>), whose local path is then the file's own. <see cref="LocalPath"/> is set once the
/// files are in the step directory.
/// </summary>
public sealed record ResolvedInput(
    string Name,
    string Digest,
    DatasetVersionId? Dataset = null,
    IReadOnlyList<ManifestEntry>? DatasetFiles = null,
    string DatasetPrefix = "",
    bool SingleFile = false,
    string? ArtifactStorePath = null,
    string? LocalPath = null);
