using System.Diagnostics;
using Slipway.Core.Errors;
using Slipway.Serving.Packaging;

namespace Slipway.Serving.Batch;

/// <summary>
/// Scores table files with a model, offline: the precompute pattern, where predictions for a whole table are computed
/// ahead of time and stored beside its rows. Each CSV or Parquet file (by extension) becomes a Parquet file holding the
/// input columns, unchanged and in order, followed by one column per model output value (see
/// <see cref="PredictionTable"/> for names and shapes). Table columns fill the model's inputs as
/// <see cref="ColumnMapping"/> describes, converted to each input's datatype; a missing value (null) in a feature
/// column is an error naming the column and the row, because every runtime needs a value and guessing one would
/// change predictions silently. Predictions come from <see cref="Runtimes.IModelRuntime.Predict"/>, the call online
/// serving makes, so a row scores the same offline as online.
/// </summary>
public sealed class BatchScorer
{
    private readonly ModelPackage _package;
    private readonly int _chunkRows;

    public BatchScorer(ModelPackage package, BatchScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        options ??= new BatchScoringOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkRows, 1, nameof(options));
        _package = package;
        _chunkRows = options.ChunkRows;
    }

    /// <summary>Scores <paramref name="input"/> (.csv or .parquet) into the Parquet file <paramref name="output"/>, replacing it when it exists.</summary>
    /// <param name="progress">
    /// Told the rows scored so far after each chunk, in order, from the scoring thread (a <see cref="Progress{T}"/>
    /// passes each report on to its synchronization context); writing the file follows the last report.
    /// </param>
    /// <param name="cancellationToken">Honoured between chunks and while DuckDB reads or writes; a cancelled run leaves no output file.</param>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE when the file cannot be read, lacks a feature column, has a missing or unconvertible value, or the model fails; RESOURCE_DOES_NOT_EXIST when it is not there.</exception>
    public async Task<BatchScoringSummary> ScoreFileAsync(string input, string output, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(output);
        return await ScoreAsync([(TableFile.Of(input), ParquetOutput(output))], progress, cancellationToken);
    }

    /// <summary>
    /// Scores several files (the part files of a dataset version, say) one after another, each into
    /// <c>{outputDirectory}/{file name}.parquet</c>. One output per input rather than one combined file: each output
    /// lines up row for row with its input, a failed or changed part can be scored again alone, and the parts of a
    /// version stay parts, as the tools that read a folder of Parquet files expect. A failure stops the run: the files
    /// scored before it are complete, the one that failed has no output.
    /// </summary>
    /// <param name="progress">Told the rows scored so far over all files, after each chunk.</param>
    /// <exception cref="SlipwayException">As for <see cref="ScoreFileAsync"/>, and when two inputs would write the same output name. Every input is checked to exist, with a readable extension, before any is scored.</exception>
    public async Task<BatchScoringSummary> ScoreFilesAsync(IReadOnlyList<string> inputs, string outputDirectory, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var files = new List<(TableFile Input, string Output)>(inputs.Count);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in inputs)
        {
            var input = TableFile.Of(path);
            var output = Path.Combine(Path.GetFullPath(outputDirectory), Path.GetFileNameWithoutExtension(input.Path) + ".parquet");
            if (!outputs.TryAdd(output, input.Path))
            {
                throw SlipwayException.Invalid(
                    $"'{outputs[output]}' and '{input.Path}' would both be scored into '{Path.GetFileName(output)}'; score files with distinct names into one folder.");
            }

            files.Add((input, output));
        }

        return await ScoreAsync(files, progress, cancellationToken);
    }

    private static string ParquetOutput(string output) =>
        string.Equals(Path.GetExtension(output), ".parquet", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(output)
            : throw SlipwayException.Invalid($"Batch scoring writes Parquet; name the output file with .parquet, not '{Path.GetFileName(output)}'.");

    private Task<BatchScoringSummary> ScoreAsync(List<(TableFile Input, string Output)> files, IProgress<long>? progress, CancellationToken cancellationToken) =>
        // DuckDB's reads and the model's calls block; the caller's thread stays free.
        Task.Run(
            async () =>
            {
                var started = Stopwatch.StartNew();
                var scoring = new TableScoring(_package.Runtime, _package.Descriptor.Columns, _chunkRows);
                var scored = new List<ScoredFile>(files.Count);
                IReadOnlyList<string> columns = [];
                long rows = 0;
                var chunks = 0;
                foreach (var (input, output) in files)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var before = rows;
                    var result = await scoring.RunAsync(input, output, done => progress?.Report(before + done), cancellationToken);
                    scored.Add(result.File);
                    columns = scored.Count == 1 ? result.PredictionColumns : columns;
                    rows += result.File.Rows;
                    chunks += result.Chunks;
                }

                return new BatchScoringSummary(scored, columns, rows, chunks, started.Elapsed);
            },
            cancellationToken);
}
