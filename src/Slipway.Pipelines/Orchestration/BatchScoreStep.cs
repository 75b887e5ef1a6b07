using System.Globalization;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Data.Datasets;
using Slipway.Data.Lineage;
using Slipway.Serving.Batch;
using Slipway.Serving.Deployments;
using Slipway.Serving.Packaging;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// The <c>batch-score</c> built-in: resolves <c>with.model</c> (a <c>models:/</c> URI) to one version, fetches it as
/// serving does and loads it in the serving runtime, copies the CSV and Parquet files of the <c>with.input</c> version
/// (under its path, when it names one) into a private folder, scores each into a Parquet file of its rows and
/// predictions (<see cref="BatchScorer"/>), and commits those files, at the input's paths with a .parquet extension,
/// as a new version of the <c>with.output</c> dataset. The step's run is linked to the input version (lineage) and
/// tagged with the output version; it logs <c>rows</c> and <c>rows_per_second</c>. Nothing is committed unless every
/// file scores.
/// </summary>
internal sealed class BatchScoreStep(
    DatasetService datasets,
    RunInputLinker linker,
    TrackingService tracking,
    TimeProvider clock,
    IBuiltInStepAuthorizer? authorizer,
    ModelUriResolver? modelUris,
    IModelSource? modelSource,
    IBlobStore? blobs)
{
    /// <summary>The run tag naming the version a <c>batch-score</c> step committed: <c>data:churn-scores@1</c>.</summary>
    public const string OutputTag = "slipway.dataset_output";

    private const string ParquetMediaType = "application/vnd.apache.parquet";

    public async Task<BuiltInResult> RunAsync(BuiltInContext context, CancellationToken cancellationToken)
    {
        if (modelUris is null || modelSource is null || blobs is null)
        {
            throw SlipwayException.Invalid("batch-score needs the model registry, the serving model cache and the blob store, which this server was not set up with.");
        }

        var modelUri = Required(context, "model");
        var input = DatasetReference.Parse(Required(context, "input"));
        var outputName = OutputName(Required(context, "output"));
        var workspace = context.WorkspaceId;

        var version = await modelUris.ResolveAsync(workspace, modelUri, cancellationToken);
        if (authorizer is not null)
        {
            await authorizer.RequireAsync(workspace, context.Creator, version.Name, AccessLevel.Read, $"score with version {version.Version} of model '{version.Name}'", cancellationToken);
        }

        // Pinned to a number first, so a tag moved meanwhile cannot change which files are scored.
        var inputVersion = await datasets.ResolveAsync(workspace, input, cancellationToken);
        var pinned = new DatasetVersionId(input.Name, inputVersion);
        var manifest = await datasets.GetManifestAsync(workspace, input with { Version = inputVersion, Tag = null }, cancellationToken);
        var prefix = input.Path.Length == 0 ? string.Empty : input.Path.TrimEnd('/') + "/";
        var tables = manifest
            .Where(f => prefix.Length == 0 || f.Path.StartsWith(prefix, StringComparison.Ordinal) || f.Path == input.Path)
            .Where(f => Path.GetExtension(f.Path).ToLowerInvariant() is ".csv" or ".parquet")
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        if (tables.Count == 0)
        {
            throw SlipwayException.Invalid($"{pinned}{(prefix.Length == 0 ? string.Empty : "/" + input.Path)} holds no .csv or .parquet file, so there is nothing to score.");
        }

        var modelDirectory = await modelSource.FetchAsync(workspace, version.Name, version.Version, cancellationToken);
        var temp = Directory.CreateTempSubdirectory("slipway-batch-score-").FullName;
        try
        {
            var inputDirectory = Path.Combine(temp, "input");
            var outputDirectory = Path.Combine(temp, "output");
            var locals = await CopyAsync(workspace, tables, inputDirectory, cancellationToken);
            using var package = ModelPackage.Load(modelDirectory);
            var scorer = new BatchScorer(package);
            long rows = 0;
            var elapsed = TimeSpan.Zero;
            var outputs = new List<(string Path, string Local)>(tables.Count);

            // Files keep their folders (train/part-0.csv scores into train/part-0.parquet), so parts of the same name
            // in different folders stay apart.
            foreach (var folder in tables.GroupBy(f => Folder(f.Path), StringComparer.Ordinal))
            {
                var target = Path.Combine(outputDirectory, folder.Key);
                Directory.CreateDirectory(target);
                BatchScoringSummary summary;
                try
                {
                    summary = await scorer.ScoreFilesAsync([.. folder.Select(f => locals[f.Path])], target, null, cancellationToken);
                }
                catch (SlipwayException e) when (e.Code == ErrorCode.InvalidParameterValue)
                {
                    throw SlipwayException.Invalid($"scoring {pinned} with {version.Name} version {version.Version} failed: {e.Message}");
                }

                rows += summary.Rows;
                elapsed += summary.Elapsed;
                outputs.AddRange(summary.Files.Select(f => (Join(folder.Key, Path.GetFileName(f.Output)), f.Output)));
            }

            var files = await StoreAsync(workspace, outputName, outputs, cancellationToken);
            var message = $"predictions of models:/{version.Name}/{version.Version} on {pinned}";
            var committed = await datasets.CommitAsync(workspace, new NewDatasetVersion(outputName, files, context.Creator, message), null, cancellationToken);
            var output = new DatasetVersionId(outputName, committed.Version.Version);
            await linker.LinkAsync(workspace, context.RunId, [pinned], cancellationToken);
            await tracking.SetTagAsync(workspace, context.RunId, new Tag(OutputTag, output.ToString()), cancellationToken);
            await tracking.SetTagAsync(workspace, context.RunId, new Tag("slipway.model", $"{version.Name}/{version.Version.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
            var rate = elapsed > TimeSpan.Zero ? rows / elapsed.TotalSeconds : 0;
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var unchanged = committed.Created ? string.Empty : " (unchanged: its latest version already held these predictions)";
            return new BuiltInResult(
                true,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"scored {rows:N0} rows of {pinned} with {version.Name} version {version.Version} into {output}{unchanged} ({rate:N0} rows/s)."),
                [new("rows", rows, now, 0), new("rows_per_second", rate, now, 0)]);
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        }
    }

    /// <summary>The dataset name of <c>churn-scores</c> or <c>data:churn-scores</c>.</summary>
    internal static string OutputName(string text)
    {
        var reference = DatasetReference.Parse(text);
        if (text.Contains('@', StringComparison.Ordinal) || reference.Path.Length > 0)
        {
            throw SlipwayException.Invalid($"output '{text}' names a version or a path; give the dataset name only, such as {reference.Name}.");
        }

        return reference.Name;
    }

    /// <summary>Copies the files out of the blob store at their manifest paths (so each keeps its name and extension), verified against their hash.</summary>
    private async Task<Dictionary<string, string>> CopyAsync(string workspace, IReadOnlyList<ManifestEntry> files, string directory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        var locals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var local = Path.GetFullPath(Path.Combine(root, file.Path));
            if (!local.StartsWith(root, StringComparison.Ordinal))
            {
                throw SlipwayException.Invalid($"'{file.Path}' would land outside the scoring folder.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            await using (var source = await blobs!.OpenReadAsync(workspace, file.Hash, cancellationToken)
                ?? throw SlipwayException.NotFound($"The content of '{file.Path}' ({file.Hash}) is not stored in this workspace."))
            await using (var target = new FileStream(local, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 17, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(target, cancellationToken);
                target.Position = 0;
                if (await ContentHash.OfAsync(target, cancellationToken) != file.Hash)
                {
                    throw SlipwayException.Invalid($"The stored content of '{file.Path}' does not match its hash {file.Hash}.");
                }
            }

            locals[file.Path] = local;
        }

        return locals;
    }

    /// <summary>Hashes the scored files and stores the contents the workspace does not hold yet, as a push does.</summary>
    private async Task<List<ManifestEntry>> StoreAsync(
        string workspace, string dataset, List<(string Path, string Local)> outputs, CancellationToken cancellationToken)
    {
        var entries = new List<ManifestEntry>(outputs.Count);
        foreach (var (path, local) in outputs)
        {
            await using var stream = File.OpenRead(local);
            entries.Add(new ManifestEntry(path, stream.Length, await ContentHash.OfAsync(stream, cancellationToken), ParquetMediaType));
        }

        var missing = (await datasets.PlanPushAsync(workspace, dataset, entries, cancellationToken)).ToHashSet();
        for (var i = 0; i < entries.Count; i++)
        {
            if (missing.Remove(entries[i].Hash))
            {
                await using var stream = File.OpenRead(outputs[i].Local);
                await blobs!.PutAsync(workspace, entries[i].Hash, stream, cancellationToken);
            }
        }

        return entries;
    }

    private static string Folder(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : string.Empty;

    private static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    private static string Required(BuiltInContext context, string key) =>
        context.With.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : throw SlipwayException.Invalid($"with.{key} is required.");
}
