using Slipway.Core.Errors;
using Slipway.Serving.Batch;
using Slipway.Serving.Packaging;
using Slipway.Testing;

namespace Slipway.Serving.Tests.Batch;

public sealed class BatchScorerTests : IDisposable
{
    private static readonly float[] Weights = [0.5f, -1.25f, 2f];
    private static readonly string[] Features = ["f0", "f1", "f2"];

    /// <summary>Features of three types (DOUBLE, FLOAT, INTEGER) around a text column the model does not take, ids first.</summary>
    private const string Features300 =
        "SELECT i AS id, (i % 17) * 0.37 - 2 AS f0, CAST(i / 7.0 AS FLOAT) AS f1, 'row ' || i AS label, CAST(i % 5 AS INTEGER) AS f2 FROM range(300) t(i)";

    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-batch-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_parquet_file_scores_to_its_rows_followed_by_the_predictions_that_online_serving_gives()
    {
        using var package = Linear(Features);
        var input = BatchTables.Parquet(Path("in.parquet"), Features300);

        var summary = await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["id", "f0", "f1", "label", "f2", "y"], columns);
        Assert.Equal(BatchTables.Read(input).Rows.Select(r => r.Take(5)), rows.Select(r => r.Take(5)));
        Assert.Equal(BatchTables.Online(package, input, Features).Select(y => y[0]), rows.Select(r => (float)r[5]!));
        Assert.Equal(300, summary.Rows);
        Assert.Equal(1, summary.Chunks);
        Assert.Equal(["y"], summary.PredictionColumns);
        Assert.Equal([new ScoredFile(input, Path("out.parquet"), 300)], summary.Files);
        Assert.True(summary.RowsPerSecond > 0);
    }

    [Fact]
    public async Task A_csv_file_scores_to_the_same_predictions_as_online_serving()
    {
        using var package = Linear(Features);
        var input = BatchTables.Csv(Path("in.csv"), Features300);

        await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["id", "f0", "f1", "label", "f2", "y"], columns);
        Assert.Equal(300, rows.Count);
        Assert.Equal(BatchTables.Online(package, input, Features).Select(y => y[0]), rows.Select(r => (float)r[5]!));
    }

    [Fact]
    public async Task Many_small_chunks_give_the_same_file_as_one_chunk()
    {
        using var package = Linear(Features);
        // 5,000 rows span several of DuckDB's Arrow batches (2,048 rows), so chunks of 333 also straddle batch ends.
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT i * 0.001 AS f0, (i % 13) * 1.5 AS f1, -i AS f2 FROM range(5000) t(i)");
        var reports = new List<long>();

        var small = await new BatchScorer(package, new BatchScoringOptions { ChunkRows = 333 })
            .ScoreFileAsync(input, Path("small.parquet"), new SynchronousProgress(reports.Add));
        var one = await new BatchScorer(package).ScoreFileAsync(input, Path("one.parquet"));

        Assert.Equal(16, small.Chunks);
        Assert.Equal(1, one.Chunks);
        Assert.Equal(BatchTables.Read(Path("one.parquet")).Rows, BatchTables.Read(Path("small.parquet")).Rows);
        Assert.Equal([.. Enumerable.Range(1, 15).Select(c => c * 333L), 5000L], reports);
    }

    [Fact]
    public async Task A_file_of_many_row_groups_read_in_parallel_keeps_every_prediction_beside_its_row()
    {
        using var package = Linear(Features);
        var input = System.IO.Path.Combine(_directory, "in.parquet");
        BatchTables.Execute(
            $"COPY (SELECT i AS f0, (i % 101) * 0.5 AS f1, -i AS f2 FROM range(40000) t(i)) TO '{input}' (FORMAT parquet, ROW_GROUP_SIZE 2048)");

        await new BatchScorer(package, new BatchScoringOptions { ChunkRows = 5000 }).ScoreFileAsync(input, Path("out.parquet"));

        var (_, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(40000, rows.Count);
        Assert.Equal(BatchTables.Online(package, input, Features).Select(y => y[0]), rows.Select(r => (float)r[3]!));
    }

    [Fact]
    public async Task An_output_with_several_values_per_row_becomes_one_column_per_value()
    {
        // The Identity model: input fp32_in [batch, 2] passes through to fp32_out [batch, 2].
        using var package = ModelPackage.Load(ModelDirectories.Identities(Path("identity"), ["FP32"]));
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT i AS a, i * 2 AS b FROM range(10) t(i)");

        var summary = await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["a", "b", "fp32_out_0", "fp32_out_1"], columns);
        Assert.Equal(["fp32_out_0", "fp32_out_1"], summary.PredictionColumns);
        Assert.All(rows, r => Assert.Equal(((float)(long)r[0]!, (float)(long)r[1]!), ((float)r[2]!, (float)r[3]!)));
    }

    [Fact]
    public async Task Text_columns_named_as_features_fill_a_bytes_input_and_come_back_as_text()
    {
        using var package = ModelPackage.Load(ModelDirectories.Identities(Path("identity"), ["BYTES"], ["first", "second"]));
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 'a' || i AS first, 'é' || i AS second FROM range(5) t(i)");

        await new BatchScorer(package, new BatchScoringOptions { ChunkRows = 2 }).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["first", "second", "bytes_out_0", "bytes_out_1"], columns);
        Assert.All(rows, r => Assert.Equal((r[0], r[1]), (r[2], r[3])));
    }

    [Fact]
    public async Task A_prediction_named_like_an_input_column_is_suffixed_and_the_input_column_kept()
    {
        using var package = Linear(Features);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 1.0 AS f0, 2.0 AS f1, 3.0 AS f2, 42 AS Y");

        var summary = await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["f0", "f1", "f2", "Y", "y_predicted"], columns);
        Assert.Equal(42, rows.Single()[3]);
        Assert.Equal(["y_predicted"], summary.PredictionColumns);
    }

    [Fact]
    public async Task Several_files_score_into_one_output_each_with_progress_over_all_of_them()
    {
        using var package = Linear(Features);
        var first = BatchTables.Parquet(Path("part-0.parquet"), "SELECT i AS f0, i AS f1, i AS f2 FROM range(100) t(i)");
        var second = BatchTables.Csv(Path("part-1.csv"), "SELECT i AS f0, i AS f1, i AS f2 FROM range(50) t(i)");
        var reports = new List<long>();

        var summary = await new BatchScorer(package, new BatchScoringOptions { ChunkRows = 40 })
            .ScoreFilesAsync([first, second], Path("scored"), new SynchronousProgress(reports.Add));

        Assert.Equal(150, summary.Rows);
        Assert.Equal(5, summary.Chunks);
        Assert.Equal([new ScoredFile(first, Path("scored/part-0.parquet"), 100), new ScoredFile(second, Path("scored/part-1.parquet"), 50)], summary.Files);
        Assert.Equal([40L, 80, 100, 140, 150], reports);
        Assert.Equal(50, BatchTables.Read(Path("scored/part-1.parquet")).Rows.Count);
    }

    [Fact]
    public async Task Two_inputs_that_would_write_the_same_output_are_refused_before_scoring()
    {
        using var package = Linear(Features);
        var first = BatchTables.Parquet(Path("part.parquet"), "SELECT 1 AS f0, 2 AS f1, 3 AS f2");
        var second = BatchTables.Csv(Path("part.csv"), "SELECT 1 AS f0, 2 AS f1, 3 AS f2");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package).ScoreFilesAsync([first, second], Path("scored")));

        Assert.Contains("would both be scored into 'part.parquet'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path("scored")));
    }

    [Fact]
    public async Task An_empty_table_scores_to_an_empty_file_with_the_prediction_columns()
    {
        using var package = Linear(Features);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 1.0 AS f0, 2.0 AS f1, 3.0 AS f2 WHERE false");

        var summary = await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["f0", "f1", "f2", "y"], columns);
        Assert.Empty(rows);
        Assert.Equal(0, summary.Chunks);
    }

    [Fact]
    public async Task Cancelling_between_chunks_stops_and_leaves_no_output_file()
    {
        using var package = Linear(Features);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT i AS f0, i AS f1, i AS f2 FROM range(1000) t(i)");
        using var cancellation = new CancellationTokenSource();
        var reports = new List<long>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BatchScorer(package, new BatchScoringOptions { ChunkRows = 100 })
            .ScoreFileAsync(input, Path("out.parquet"), new SynchronousProgress(done =>
            {
                reports.Add(done);
                cancellation.Cancel();
            }), cancellation.Token));

        Assert.Equal([100L], reports);
        Assert.Equal(["in.parquet"], Directory.GetFiles(_directory).Select(System.IO.Path.GetFileName));
    }

    [Fact]
    public async Task A_file_that_is_neither_csv_nor_parquet_is_refused_naming_it()
    {
        using var package = Linear(Features);
        File.WriteAllText(Path("table.json"), "{}");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package).ScoreFileAsync(Path("table.json"), Path("out.parquet")));

        Assert.Equal("Batch scoring reads .csv and .parquet files; 'table.json' is neither.", error.Message);
    }

    [Fact]
    public async Task An_output_not_named_parquet_is_refused_and_an_existing_output_replaced()
    {
        using var package = Linear(Features);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 1.0 AS f0, 2.0 AS f1, 3.0 AS f2");
        File.WriteAllText(Path("out.parquet"), "an older file");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package).ScoreFileAsync(input, Path("out.csv")));
        await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        Assert.Equal("Batch scoring writes Parquet; name the output file with .parquet, not 'out.csv'.", error.Message);
        Assert.Equal(["f0", "f1", "f2", "y"], BatchTables.Read(Path("out.parquet")).Columns);
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_is_refused_as_unreadable()
    {
        using var package = Linear(Features);
        File.WriteAllText(Path("table.parquet"), "not parquet");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package).ScoreFileAsync(Path("table.parquet"), Path("out.parquet")));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith("'table.parquet' could not be read as Parquet: ", error.Message, StringComparison.Ordinal);
    }

    private ModelPackage Linear(IReadOnlyList<string>? columns) =>
        ModelPackage.Load(ModelDirectories.Linear(Path("model"), Weights, 0.5f, columns));

    private string Path(string name) => System.IO.Path.Combine(_directory, name);
}
