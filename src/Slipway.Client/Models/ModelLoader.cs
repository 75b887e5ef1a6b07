using Slipway.Core.Artifacts;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Uris;
using Slipway.Serving.Deployments;
using Slipway.Serving.Packaging;

namespace Slipway.Client.Models;

/// <summary>
/// One <see cref="SlipwayClient.LoadModelAsync"/>: resolve the URI to a version through the registry API, use the
/// cached copy when it still checks out, otherwise download the version's artifact directory through the artifact
/// proxy, verify it and rename it into the cache; then load it with the serving runtime. Only MLflow endpoints are
/// used, so a plain MLflow server with proxied artifacts works too.
/// </summary>
internal sealed class ModelLoader(SlipwayClient client, LocalModelOptions options)
{
    /// <summary>The workspace a client without one acts in, unless its API token names another.</summary>
    private const string DefaultWorkspace = "default";

    public async Task<LocalModel> LoadAsync(string modelUri, CancellationToken cancellationToken)
    {
        var uri = ModelUri.Parse(modelUri);
        var version = await ResolveAsync(uri, cancellationToken);
        var source = await client.GetModelVersionDownloadUriAsync(version.Name, version.Version, cancellationToken);
        var expected = ExpectedSha256(version);
        var entry = new ModelCacheEntry(
            options.CacheDirectory ?? LocalModelOptions.DefaultCacheDirectory(), client.BaseUri, client.Workspace ?? DefaultWorkspace, version.Name, version.Version);

        var manifest = await entry.TryReadValidAsync(source, expected, cancellationToken);
        var fromCache = manifest is not null;
        manifest ??= await DownloadAsync(entry, version, source, expected, cancellationToken);

        // Loading compiles the graph and runs a warm-up prediction: CPU work that should not hold the caller's thread.
        var package = await Task.Run(() => ModelPackage.Load(entry.ModelDirectory), cancellationToken);
        return new LocalModel(new LoadedModel(version.Name, version.Version, package, TimeSpan.Zero), manifest.Sha256, expected is not null, fromCache);
    }

    /// <summary>The version the URI names now, resolved as the server's <see cref="ModelUriResolver"/> does.</summary>
    private async Task<ModelVersion> ResolveAsync(ModelUri uri, CancellationToken cancellationToken)
    {
        switch (uri.Kind)
        {
            case ModelUriKind.Version:
                return await client.GetModelVersionAsync(uri.Name, uri.Version!.Value, cancellationToken);
            case ModelUriKind.Alias:
                try
                {
                    return await client.GetModelVersionByAliasAsync(uri.Name, uri.Alias!, cancellationToken);
                }
                catch (SlipwayApiException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
                {
                    // The server's message names only the alias (or only the model, when that is what is missing).
                    throw new SlipwayException(
                        ErrorCode.ResourceDoesNotExist,
                        $"Cannot load '{uri}': model '{uri.Name}' has no alias '{uri.Alias}' (the server said: {ex.ServerMessage}).",
                        ex);
                }

            default:
                var stages = uri.Kind == ModelUriKind.Stage ? new[] { uri.Stage! } : null;
                var latest = await client.GetLatestVersionsAsync(uri.Name, stages, cancellationToken);
                return latest.MaxBy(v => v.Version)
                    ?? throw SlipwayException.NotFound(
                        $"Cannot load '{uri}': model '{uri.Name}' has no version{(stages is null ? string.Empty : $" in stage {uri.Stage}")}.");
        }
    }

    /// <summary>The version's <see cref="ModelVersionTags.Sha256"/> in lower case, or null when it has none.</summary>
    private static string? ExpectedSha256(ModelVersion version)
    {
        if (version.Tags.FirstOrDefault(t => t.Key == ModelVersionTags.Sha256) is not { } tag)
        {
            return null;
        }

        var hex = tag.Value.Trim().ToLowerInvariant();
        return ContentHash.TryParse(hex, out _)
            ? hex
            : throw new SlipwayException(
                ErrorCode.InvalidState,
                $"Model '{version.Name}' version {version.Version} has the tag {ModelVersionTags.Sha256} = '{tag.Value}', which is not a "
                + "SHA-256 (64 hex digits); the model cannot be verified. Fix or delete the tag.");
    }

    private async Task<ModelCacheManifest> DownloadAsync(
        ModelCacheEntry entry, ModelVersion version, string source, string? expected, CancellationToken cancellationToken)
    {
        var root = ArtifactLocations.ToProxiedPath(source);
        var partial = entry.CreatePartial();
        try
        {
            var modelDirectory = ModelCacheEntry.ModelDirectoryIn(partial);
            var files = await ListFilesAsync(version, root, cancellationToken);
            foreach (var file in files)
            {
                var local = LocalPath(version, modelDirectory, file.Path);
                await client.DownloadArtifactFileAsync(ArtifactLocations.Combine(root, file.Path), local, cancellationToken);
                var size = new FileInfo(local).Length;
                if (file.Size is { } listed && size != listed)
                {
                    throw new SlipwayException(
                        ErrorCode.InternalError,
                        $"Model '{version.Name}' version {version.Version}: '{file.Path}' arrived with {size:N0} bytes, but the artifact listing "
                        + $"says {listed:N0}. The download was deleted; load again.");
                }
            }

            var modelFile = ModelFile(version, modelDirectory, files);
            var actual = await ModelCacheEntry.HashAsync(Path.Combine(modelDirectory, modelFile), cancellationToken);
            if (expected is not null && actual != expected)
            {
                throw new ModelVerificationException(version.Name, version.Version, modelFile, expected, actual);
            }

            var manifest = new ModelCacheManifest(
                client.BaseUri.AbsoluteUri,
                client.Workspace ?? DefaultWorkspace,
                version.Name,
                version.Version,
                source,
                modelFile,
                actual,
                [.. files.Select(f => new ModelCacheFile(f.Path, new FileInfo(Path.Combine(modelDirectory, f.Path)).Length))],
                DateTimeOffset.UtcNow);
            await ModelCacheEntry.WriteManifestAsync(partial, manifest, cancellationToken);
            if (entry.TryCommit(partial))
            {
                return manifest;
            }
        }
        catch
        {
            ModelCacheEntry.DeleteQuietly(partial);
            throw;
        }

        // Another load of the same version committed first; theirs is as good as ours once it checks out.
        return await entry.TryReadValidAsync(source, expected, cancellationToken)
            ?? throw new SlipwayException(
                ErrorCode.InvalidState,
                $"Another download of model '{version.Name}' version {version.Version} into {entry.Root} did not verify; load again.");
    }

    /// <summary>Every file under the version's artifact directory, with paths relative to it.</summary>
    private async Task<List<(string Path, long? Size)>> ListFilesAsync(ModelVersion version, string root, CancellationToken cancellationToken)
    {
        var files = new List<(string Path, long? Size)>();
        var directories = new Stack<string>([root]);
        while (directories.TryPop(out var directory))
        {
            foreach (var entry in await client.ListArtifactsAsync(directory, cancellationToken))
            {
                // A listing that names anything outside the directory it lists would make this walk loop or escape.
                if (!entry.Path.StartsWith(directory + "/", StringComparison.Ordinal))
                {
                    throw SlipwayException.Invalid(
                        $"Model '{version.Name}' version {version.Version}: listing '{directory}' returned '{entry.Path}', which is not inside it.");
                }

                if (entry.IsDirectory)
                {
                    directories.Push(entry.Path);
                }
                else
                {
                    files.Add((entry.Path[(root.Length + 1)..], entry.FileSize));
                }
            }
        }

        return files.Count > 0
            ? files
            : throw SlipwayException.NotFound(
                $"Model '{version.Name}' version {version.Version} has no files at its source '{version.Source}' ({root}).");
    }

    /// <summary>Where a listed file goes; a path that is not clean, or would land outside the directory, is refused.</summary>
    private static string LocalPath(ModelVersion version, string directory, string relative)
    {
        string? normalized = null;
        try
        {
            normalized = ArtifactPath.Normalize(relative);
        }
        catch (SlipwayException)
        {
            // Reported below with the model's name.
        }

        var full = Path.GetFullPath(Path.Combine(directory, relative));
        return normalized == relative && full.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw SlipwayException.Invalid(
                $"Refusing to download model '{version.Name}' version {version.Version}: the artifact listing names '{relative}', "
                + "which is not a clean relative path. Nothing was kept.");
    }

    /// <summary>The model file the downloaded descriptor names: the file the version's digest is about.</summary>
    private static string ModelFile(ModelVersion version, string directory, List<(string Path, long? Size)> files)
    {
        if (!files.Any(f => f.Path == ModelDescriptor.FileName))
        {
            throw SlipwayException.Invalid(
                $"Model '{version.Name}' version {version.Version} has no {ModelDescriptor.FileName} file in its artifacts ('{version.Source}'); "
                + "log the model with its descriptor (mlflow.onnx.log_model, or an MLmodel file written beside the model as docs/serving.md shows) so it can be loaded.");
        }

        var named = ModelDescriptorReader.Parse(File.ReadAllText(Path.Combine(directory, ModelDescriptor.FileName))).File;
        string file;
        try
        {
            file = ArtifactPath.Normalize(named);
        }
        catch (SlipwayException)
        {
            // A path that climbs out of the directory matches no listed file and is reported below.
            file = named;
        }

        return files.Any(f => f.Path == file)
            ? file
            : throw SlipwayException.Invalid(
                $"Model '{version.Name}' version {version.Version}: its {ModelDescriptor.FileName} names the file '{named}', which is not among its artifacts.");
    }
}
