using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Slipway.Serving.Batch;
using Slipway.Serving.Packaging;
using Slipway.Testing;

namespace Slipway.Bench;

/// <summary>
/// The cost of batch scoring (the serving issue's target: at least 1,000,000 rows a second on Parquet input for a
/// single-row tabular ONNX model, end to end). Writes one seeded Parquet file of FP32 features and the linear ONNX
/// model <c>y = x · w + b</c> over them once, then scores the file with <see cref="BatchScorer"/> several times,
/// reading Parquet, predicting and writing Parquet, and prints each run and the median.
/// </summary>
public static class BatchScoringCost
{
    private const int Features = 8;

    public static async Task RunAsync(int rows, int runs, int chunkRows)
    {
        var directory = Directory.CreateTempSubdirectory("slipway-bench-batch");
        try
        {
            var input = Path.Combine(directory.FullName, "features.parquet");
            var output = Path.Combine(directory.FullName, "scored.parquet");
            var columns = Enumerable.Range(0, Features).Select(i => $"f{i}").ToArray();
            var written = Stopwatch.StartNew();
            WriteFeatures(input, rows, columns);
            var weights = Enumerable.Range(0, Features).Select(i => (i - 3.5f) / 4).ToArray();
            using var package = ModelPackage.Load(ModelDirectories.Linear(Path.Combine(directory.FullName, "model"), weights, 0.25f, columns));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{rows:N0} rows x {Features} FLOAT features written in {written.Elapsed.TotalSeconds:F1} s: Parquet {new FileInfo(input).Length / 1e6:F0} MB; chunks of {chunkRows:N0} rows; {Environment.ProcessorCount} cores"));
            Console.WriteLine("| run | wall s | CPU s | rows/s | output MB | load average before |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---|");
            var scorer = new BatchScorer(package, new BatchScoringOptions { ChunkRows = chunkRows });
            var rates = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                GC.Collect();
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var summary = await scorer.ScoreFileAsync(input, output);
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                if (summary.Rows != rows)
                {
                    throw new InvalidOperationException($"Expected {rows} rows scored, got {summary.Rows}.");
                }

                rates.Add(summary.RowsPerSecond);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {run} | {summary.Elapsed.TotalSeconds:F2} | {cpuSeconds:F2} | {summary.RowsPerSecond:N0} | {new FileInfo(output).Length / 1e6:F0} | {load} |"));
            }

            CheckAligned(output, columns, weights, 0.25f);
            var sorted = rates.Order().ToList();
            var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: {median:N0} rows/s"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Every row's prediction recomputed from the features beside it (in double precision; the model computes in
    /// single): a row out of place would be off by about 1, rounding by about 1e-6.
    /// </summary>
    private static void CheckAligned(string output, string[] columns, float[] weights, float bias)
    {
        var recomputed = string.Join(" + ", columns.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{name} * {weights[i]}")));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(
            CultureInfo.InvariantCulture,
            $"SELECT count(*) FROM read_parquet('{output}') WHERE abs(y - ({recomputed} + {bias})) > 1e-4");
        var misplaced = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (misplaced != 0)
        {
            throw new InvalidOperationException($"{misplaced} rows of {output} hold a prediction that is not their own.");
        }
    }

    /// <summary>
    /// Features in [-1, 1) from a hash of the row and the column with a fixed seed: the same file on every machine and
    /// every run, whatever order DuckDB's threads write in (its <c>random()</c> is per thread).
    /// </summary>
    private static void WriteFeatures(string path, int rows, string[] columns)
    {
        var features = string.Join(", ", columns.Select((name, i) => string.Create(
            CultureInfo.InvariantCulture,
            $"CAST((hash(i, {42 + i}) % 2000000) / 1000000.0 - 1 AS FLOAT) AS {name}")));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"COPY (SELECT {features} FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)");
        command.ExecuteNonQuery();
    }
}
