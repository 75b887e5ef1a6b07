using System.Globalization;
using Slipway.Client.Datasets;
using Slipway.Client.Pipelines;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>
    /// Runs a pipeline file: checks it on the server first (a file with problems is neither pushed nor run), pushes
    /// its directory as the code snapshot (<see cref="PushPipelineCodeAsync"/>), and launches it with
    /// <paramref name="parameters"/> as overrides. Follow the run with <see cref="WaitForPipelineRunAsync"/>.
    /// </summary>
    /// <param name="progress">Reports the code push (hashing, uploading, committing); called from worker threads.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="pipelineFile"/>.</exception>
    /// <exception cref="SlipwayApiException">The file has problems (400: one line per problem) or the launch was refused.</exception>
    public async Task<LaunchOutcome> RunPipelineAsync(
        string pipelineFile,
        IReadOnlyDictionary<string, string>? parameters = null,
        IProgress<TransferProgress>? progress = null,
        string? codeDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var file = (await PipelineFile.ReadAsync(pipelineFile, cancellationToken)).WithCodeDirectory(codeDirectory);
        var summary = await ValidatePipelineAsync(file.Spec, file.FileName, cancellationToken);
        var code = await PushPipelineCodeAsync(file.Directory, summary.Name, progress, cancellationToken);
        return await LaunchPipelineAsync(file.Spec, file.FileName, code.Reference, parameters, cancellationToken);
    }

    /// <summary>
    /// Registers a pipeline file (replacing the pipeline of the same name) with a fresh code snapshot: checked first,
    /// then pushed, then registered, so its triggers run the code as it is now.
    /// </summary>
    public async Task<PipelineInfo> ApplyPipelineAsync(
        string pipelineFile, IProgress<TransferProgress>? progress = null, string? codeDirectory = null, CancellationToken cancellationToken = default)
    {
        var file = (await PipelineFile.ReadAsync(pipelineFile, cancellationToken)).WithCodeDirectory(codeDirectory);
        var summary = await ValidatePipelineAsync(file.Spec, file.FileName, cancellationToken);
        var code = await PushPipelineCodeAsync(file.Directory, summary.Name, progress, cancellationToken);
        return await RegisterPipelineAsync(file.Spec, file.FileName, code.Reference, cancellationToken);
    }

    /// <summary>
    /// Pushes <paramref name="directory"/> as a version of the dataset <c>code.&lt;pipeline&gt;</c>, uploading only
    /// what the server lacks (an unchanged directory makes no new version). Left out: <c>.git/</c>, <c>.slipway/</c>,
    /// <c>bin/</c>, <c>obj/</c>, <c>node_modules/</c>, <c>__pycache__/</c>, <c>.venv/</c>, <c>*.pyc</c>, and what the
    /// directory's <c>.slipwayignore</c> lists (gitignore-like patterns, one a line).
    /// </summary>
    /// <exception cref="SlipwayException">
    /// INVALID_PARAMETER_VALUE when the files come to more than <see cref="PipelineCodeSnapshot.MaxBytes"/>: data
    /// belongs in a dataset, read through a step's inputs.
    /// </exception>
    public async Task<PipelineCodeSnapshot> PushPipelineCodeAsync(
        string directory, string pipeline, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(pipeline);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"There is no directory '{directory}' to take the pipeline's code from.");
        }

        var dataset = PipelineCodeSnapshot.DatasetName(pipeline);
        var options = new DatasetPushOptions
        {
            Message = $"Code of pipeline {pipeline}",
            Exclude = IgnorePatterns.ForCodeSnapshot(directory).IsExcluded,
        };
        var files = LocalDatasetFiles.Find(directory, options.Exclude);
        CheckCodeSize(directory, files);
        var push = await new DatasetPusher(this, progress).PushAsync(files, directory, dataset, options, cancellationToken);
        var reference = string.Create(CultureInfo.InvariantCulture, $"{DatasetReference.Scheme}{dataset}@{push.Version.Version}");
        return new PipelineCodeSnapshot(reference, push);
    }

    /// <summary>
    /// Looks at a pipeline run every <paramref name="pollInterval"/> (default 1 second) until it has ended, reporting
    /// each look (with its steps) to <paramref name="progress"/> on the calling flow; returns the final state.
    /// </summary>
    public async Task<PipelineRunInfo> WaitForPipelineRunAsync(
        string pipelineRunId, IProgress<PipelineRunInfo>? progress = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(pollInterval));
        while (true)
        {
            var run = await GetPipelineRunAsync(pipelineRunId, cancellationToken);
            progress?.Report(run);
            if (run.IsFinal)
            {
                return run;
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary>
    /// The logs of a run's steps as they stand now, line by line, step after step in the run's order; of one step
    /// only when <paramref name="step"/> is given (a sweep: each of its variants).
    /// </summary>
    public Task ReadLogsAsync(string pipelineRunId, string? step, Action<StepLogLine> onLine, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipelineRunId);
        ArgumentNullException.ThrowIfNull(onLine);
        return new PipelineLogReader(this, pipelineRunId, step, onLine).ReadAsync(cancellationToken);
    }

    /// <summary>
    /// Follows the logs of a run's steps (or of <paramref name="step"/>), handing each line over as it comes, until
    /// every step followed has ended and its log was read to the end. Lines of steps running at once interleave.
    /// </summary>
    public Task FollowLogsAsync(string pipelineRunId, string? step, Action<StepLogLine> onLine, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipelineRunId);
        ArgumentNullException.ThrowIfNull(onLine);
        return new PipelineLogReader(this, pipelineRunId, step, onLine).FollowAsync(cancellationToken);
    }

    /// <summary>
    /// Follows the logs like <see cref="FollowLogsAsync(string, string?, Action{StepLogLine}, CancellationToken)"/>,
    /// writing each line to <paramref name="output"/> prefixed with <c>[step] </c> unless it is of the one step asked for.
    /// </summary>
    public Task FollowLogsAsync(string pipelineRunId, string? step, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return FollowLogsAsync(pipelineRunId, step, line => output.WriteLine(line.Display(step)), cancellationToken);
    }

    private static void CheckCodeSize(string directory, IReadOnlyList<LocalFile> files)
    {
        var total = files.Sum(f => f.Size);
        if (total <= PipelineCodeSnapshot.MaxBytes)
        {
            return;
        }

        var largest = string.Join(", ", files.OrderByDescending(f => f.Size).Take(3).Select(f => $"{f.RelativePath} ({Mebibytes(f.Size)})"));
        throw SlipwayException.Invalid(
            $"The pipeline's code in '{directory}' comes to {Mebibytes(total)} in {files.Count.ToString("N0", CultureInfo.InvariantCulture)} files, "
            + $"over the {Mebibytes(PipelineCodeSnapshot.MaxBytes)} a code snapshot may hold; the largest are {largest}. "
            + $"Read data through a step input instead (push it with `slipway data push DIR --name NAME` and declare it as data:NAME@VERSION), "
            + $"or list what to leave out in {Path.Combine(directory, IgnorePatterns.FileName)} (gitignore-like patterns such as data/ or *.parquet).");
    }

    private static string Mebibytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB");
}
