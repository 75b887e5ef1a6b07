using System.Globalization;
using Slipway.Core.Artifacts;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Stores;

namespace Slipway.Data.Datasets;

/// <summary>
/// The rules of a dataset push (ADR 0009): a manifest is checked before anything is uploaded, the server names the
/// blobs it lacks, and a version is committed only when every blob it names is stored, so a failed or interrupted
/// push never leaves a version behind.
/// </summary>
public sealed class DatasetService(IDatasetStore datasets, IBlobStore blobs)
{
    public const int MaxFiles = 1_000_000;
    public const int MaxMediaTypeLength = 255;

    /// <summary>Checks the manifest and returns the hashes the workspace does not hold yet, each once.</summary>
    public Task<IReadOnlyList<ContentHash>> PlanPushAsync(string workspaceId, string dataset, IReadOnlyList<ManifestEntry> files, CancellationToken cancellationToken = default)
    {
        DatasetReference.ValidateName(dataset);
        ValidateManifest(files);
        return blobs.FindMissingAsync(workspaceId, files.Select(f => f.Hash), cancellationToken);
    }

    /// <summary>Commits the version once every blob of its manifest is stored; otherwise refuses, naming what is missing.</summary>
    public async Task<DatasetVersion> CommitAsync(string workspaceId, NewDatasetVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var missing = await PlanPushAsync(workspaceId, version.Dataset, version.Files, cancellationToken);
        if (missing.Count > 0)
        {
            var paths = version.Files.Where(f => f.Hash == missing[0]).Select(f => f.Path).First();
            throw SlipwayException.Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"Cannot commit dataset '{version.Dataset}': {missing.Count} file content(s) have not been uploaded yet, such as {missing[0]} ({paths}). Upload them and commit again."));
        }

        return await datasets.CreateDatasetVersionAsync(workspaceId, version, cancellationToken);
    }

    /// <summary>The version number a reference names (its version, or the version its tag points at).</summary>
    public async Task<long> ResolveAsync(string workspaceId, DatasetReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Version is { } version)
        {
            await datasets.GetDatasetVersionAsync(workspaceId, reference.Name, version, cancellationToken);
            return version;
        }

        return await datasets.ResolveDatasetTagAsync(workspaceId, reference.Name, reference.Tag!, cancellationToken);
    }

    /// <summary>
    /// Paths are clean relative paths (the shared rules), unique, and name files; sizes are not negative; media types
    /// are present and short.
    /// </summary>
    public static void ValidateManifest(IReadOnlyList<ManifestEntry> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw SlipwayException.Invalid("A dataset version needs at least one file.");
        }

        if (files.Count > MaxFiles)
        {
            throw SlipwayException.Invalid(string.Create(CultureInfo.InvariantCulture, $"A dataset version has at most {MaxFiles:N0} files; this one has {files.Count:N0}."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var normalized = ArtifactPath.Normalize(file.Path);
            if (normalized.Length == 0 || !string.Equals(normalized, file.Path, StringComparison.Ordinal))
            {
                throw SlipwayException.Invalid($"Invalid file path '{file.Path}' in the manifest: expected a clean relative path such as '{(normalized.Length == 0 ? "data/train.csv" : normalized)}'.");
            }

            if (!seen.Add(file.Path))
            {
                throw SlipwayException.Invalid($"The manifest lists '{file.Path}' more than once.");
            }

            if (file.Size < 0)
            {
                throw SlipwayException.Invalid($"Invalid size {file.Size} for '{file.Path}' in the manifest.");
            }

            if (string.IsNullOrWhiteSpace(file.MediaType) || file.MediaType.Length > MaxMediaTypeLength)
            {
                throw SlipwayException.Invalid($"Invalid media type for '{file.Path}' in the manifest: expected one such as text/csv, of at most {MaxMediaTypeLength} characters.");
            }

            if (file.Hash.Hex is null)
            {
                throw SlipwayException.Invalid($"Missing content hash for '{file.Path}' in the manifest.");
            }
        }
    }
}
