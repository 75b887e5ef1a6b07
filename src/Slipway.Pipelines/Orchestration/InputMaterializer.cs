using Slipway.Core.Artifacts;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Tracking;
using Slipway.Core.Uris;
using Slipway.Data.Artifacts;
using Slipway.Data.Datasets;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Pins a step's inputs (a dataset reference to its version, another step's output to the run that made it, a run's
/// artifacts) and copies them to <c>inputs/&lt;name&gt;</c> in the step directory. A single file keeps its name
/// inside that directory, and the input's path is then the file's own.
/// </summary>
public sealed class InputMaterializer(DatasetService datasets, TrackingService tracking, BlobCopier blobCopier, ArtifactTransfer transfer)
{
    /// <summary>Where another step's output lives: the store path of the artifact and its digest.</summary>
    public delegate Task<(string StorePath, string Digest)> StepOutputLocator(string step, string output, CancellationToken cancellationToken);

    public async Task<ResolvedInput> ResolveAsync(
        string workspaceId, InputSpec input, string source, StepPaths paths, StepOutputLocator locateOutput, CancellationToken cancellationToken)
    {
        switch (input.Kind)
        {
            case InputKind.Dataset:
                {
                    var reference = DatasetReference.Parse(source);
                    var version = await datasets.ResolveAsync(workspaceId, reference, cancellationToken);
                    var pinned = reference with { Version = version, Tag = null };
                    var manifest = await datasets.GetManifestAsync(workspaceId, pinned, cancellationToken);
                    var prefix = reference.Path;
                    var files = prefix.Length == 0
                        ? manifest
                        : [.. manifest.Where(f => f.Path == prefix || f.Path.StartsWith(prefix + "/", StringComparison.Ordinal))];
                    if (files.Count == 0)
                    {
                        throw SlipwayException.NotFound($"input '{input.Name}': {pinned} has no file at '{prefix}'.");
                    }

                    // A path that names one file selects it; its directory is what is stripped from the copied path.
                    var singleFile = prefix.Length > 0 && files is [var only] && only.Path == prefix;
                    var strip = singleFile ? ParentOf(prefix) : prefix;
                    var digest = ArtifactTransfer.Digest(files.Select(f => (f.Path[strip.Length..].TrimStart('/'), f.Hash)));
                    return new ResolvedInput(input.Name, digest, new DatasetVersionId(reference.Name, version), files, strip, singleFile);
                }

            case InputKind.StepOutput:
                {
                    // The parser allows no templates in a step-output source, so the spec's own parse is the source's.
                    var (step, output) = input.StepOutput
                        ?? throw SlipwayException.Invalid($"Invalid step output '{source}': expected steps.<step>.outputs.<output>.");
                    var (storePath, digest) = await locateOutput(step, output, cancellationToken);
                    return new ResolvedInput(input.Name, digest, ArtifactStorePath: storePath);
                }

            default:
                {
                    var uri = RunArtifactUri.Parse(source);
                    var run = await tracking.GetRunAsync(workspaceId, uri.RunId, cancellationToken);
                    var root = ArtifactLocations.ToStorePath(run.Info.ArtifactUri);
                    var storePath = uri.ArtifactPath.Length == 0 ? root : root + "/" + uri.ArtifactPath;
                    var (digest, local) = await transfer.DownloadAsync(storePath, paths.InputPath(input.Name), cancellationToken);
                    return new ResolvedInput(input.Name, digest, ArtifactStorePath: storePath, LocalPath: local);
                }
        }
    }

    /// <summary>Copies the input's files into the step directory (unless resolving already did) and returns it with its local path.</summary>
    public async Task<ResolvedInput> MaterializeAsync(string workspaceId, ResolvedInput input, StepPaths paths, CancellationToken cancellationToken)
    {
        if (input.LocalPath is not null)
        {
            return input;
        }

        var target = paths.InputPath(input.Name);
        if (input.DatasetFiles is { } files)
        {
            await blobCopier.CopyAsync(workspaceId, files, input.DatasetPrefix, target, cancellationToken);
            var local = input.SingleFile ? Path.Combine(target, files[0].Path[input.DatasetPrefix.Length..].TrimStart('/')) : target;
            return input with { LocalPath = local };
        }

        var (_, path) = await transfer.DownloadAsync(input.ArtifactStorePath!, target, cancellationToken);
        return input with { LocalPath = path };
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }
}
