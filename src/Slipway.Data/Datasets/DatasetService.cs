using System.Globalization;
using Slipway.Core.Artifacts;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Events;
using Slipway.Core.Stores;
using Slipway.Data.Blobs;
using Slipway.Data.Profiling;

namespace Slipway.Data.Datasets;

/// <summary>
/// The rules of a dataset push (ADR 0009): a manifest is checked before anything is uploaded, the server names the
/// blobs it lacks, and a version is committed only when every blob it names is stored, so a failed or interrupted
/// push never leaves a version behind.
/// </summary>
public sealed class DatasetService(IDatasetStore datasets, IBlobStore blobs, BlobSweepGate gate, VersionProfiler profiler, PlatformEvents? events = null)
{
    public const int MaxFiles = 1_000_000;
    public const int MaxMediaTypeLength = 255;

    /// <summary>
    /// Checks the manifest and returns the hashes the workspace does not hold yet, each once. Held blobs are marked as
    /// used, under the sweep gate, so the sweep keeps them for this push.
    /// </summary>
    public async Task<IReadOnlyList<ContentHash>> PlanPushAsync(string workspaceId, string dataset, IReadOnlyList<ManifestEntry> files, CancellationToken cancellationToken = default)
    {
        DatasetReference.ValidateName(dataset);
        ValidateManifest(files);
        using (await gate.EnterCommitAsync(cancellationToken))
        {
            return await blobs.FindMissingAsync(workspaceId, files.Select(f => f.Hash), cancellationToken);
        }
    }

    /// <summary>
    /// Commits the version once every blob of its manifest is stored; otherwise refuses, naming what is missing. A
    /// manifest identical to the latest version's makes no new version. Tabular files and images are profiled first,
    /// so a corrupt table refuses the commit and leaves existing versions as they were.
    /// </summary>
    public async Task<CommitResult> CommitAsync(string workspaceId, NewDatasetVersion version, IReadOnlyList<string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        DatasetReference.ValidateName(version.Dataset);
        ValidateManifest(version.Files);
        tags ??= [];
        foreach (var tag in tags)
        {
            DatasetReference.ValidateTag(tag);
        }

        if (await FindSameAsLatestAsync(workspaceId, version, cancellationToken) is { } unchanged)
        {
            foreach (var tag in tags)
            {
                await datasets.SetDatasetTagAsync(workspaceId, version.Dataset, tag, unchanged.Version, cancellationToken);
            }

            return new CommitResult(await datasets.GetDatasetVersionAsync(workspaceId, version.Dataset, unchanged.Version, cancellationToken), false);
        }

        await RequireBlobsAsync(workspaceId, version, cancellationToken);
        var profile = await profiler.ProfileAsync(workspaceId, version.Files, cancellationToken);
        var metadata = profile.Tables.Count == 0 && profile.Images is null ? null : new VersionMetadata { Profile = profile }.ToJson();
        DatasetVersion created;
        using (await gate.EnterCommitAsync(cancellationToken))
        {
            // Checked again under the gate: the sweep may have run while the files were profiled.
            await RequireBlobsAsync(workspaceId, version, cancellationToken);
            created = await datasets.CreateDatasetVersionAsync(workspaceId, version with { Metadata = metadata }, cancellationToken);
        }

        foreach (var tag in tags)
        {
            await datasets.SetDatasetTagAsync(workspaceId, version.Dataset, tag, created.Version, cancellationToken);
        }

        events?.Publish(new DatasetVersionCreated(workspaceId, created.Dataset, created.Version));
        return new CommitResult(tags.Count == 0 ? created : await datasets.GetDatasetVersionAsync(workspaceId, version.Dataset, created.Version, cancellationToken), true);
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

    /// <summary>The version a reference names, with its tags and metadata.</summary>
    public async Task<DatasetVersion> GetAsync(string workspaceId, DatasetReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return await datasets.GetDatasetVersionAsync(workspaceId, reference.Name, await ResolveAsync(workspaceId, reference, cancellationToken), cancellationToken);
    }

    /// <summary>The manifest of the version a reference names.</summary>
    public async Task<IReadOnlyList<ManifestEntry>> GetManifestAsync(string workspaceId, DatasetReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return await datasets.GetDatasetManifestAsync(workspaceId, reference.Name, await ResolveAsync(workspaceId, reference, cancellationToken), cancellationToken);
    }

    /// <summary>One file of the version a reference names.</summary>
    /// <exception cref="SlipwayException">RESOURCE_DOES_NOT_EXIST when the version has no such file.</exception>
    public async Task<ManifestEntry> GetFileAsync(string workspaceId, DatasetReference reference, string path, CancellationToken cancellationToken = default)
    {
        var files = await GetManifestAsync(workspaceId, reference, cancellationToken);
        return files.FirstOrDefault(f => string.Equals(f.Path, path, StringComparison.Ordinal))
            ?? throw SlipwayException.NotFound($"{reference} has no file '{path}'.");
    }

    private async Task<DatasetVersion?> FindSameAsLatestAsync(string workspaceId, NewDatasetVersion version, CancellationToken cancellationToken)
    {
        DatasetVersion latest;
        try
        {
            latest = await datasets.GetDatasetVersionAsync(
                workspaceId, version.Dataset, await datasets.ResolveDatasetTagAsync(workspaceId, version.Dataset, DatasetReference.LatestTag, cancellationToken), cancellationToken);
        }
        catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
        {
            return null;
        }

        if (latest.FileCount != version.Files.Count || latest.TotalBytes != version.Files.Sum(f => f.Size))
        {
            return null;
        }

        var stored = await datasets.GetDatasetManifestAsync(workspaceId, version.Dataset, latest.Version, cancellationToken);
        var given = version.Files.OrderBy(f => f.Path, StringComparer.Ordinal);
        return stored.OrderBy(f => f.Path, StringComparer.Ordinal).SequenceEqual(given) ? latest : null;
    }

    private async Task RequireBlobsAsync(string workspaceId, NewDatasetVersion version, CancellationToken cancellationToken)
    {
        var missing = await blobs.FindMissingAsync(workspaceId, version.Files.Select(f => f.Hash), cancellationToken);
        if (missing.Count > 0)
        {
            var path = version.Files.First(f => f.Hash == missing[0]).Path;
            throw SlipwayException.Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"Cannot commit dataset '{version.Dataset}': {missing.Count} file content(s) have not been uploaded yet, such as {missing[0]} ({path}). Upload them and commit again."));
        }
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
            string normalized;
            try
            {
                normalized = ArtifactPath.Normalize(file.Path);
            }
            catch (SlipwayException ex)
            {
                throw SlipwayException.Invalid($"Invalid file path '{file.Path}' in the manifest: {ex.Message}");
            }

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
