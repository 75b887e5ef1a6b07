using Slipway.Core.Errors;
using Slipway.Serving.Batch;
using Slipway.Serving.Packaging;
using Slipway.Testing;

namespace Slipway.Serving.Tests.Batch;

public sealed class BatchColumnMappingTests : IDisposable
{
    private static readonly float[] Weights = [0.5f, -1.25f, 2f];

    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-batch-mapping-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_descriptors_feature_columns_fill_the_vector_in_the_descriptors_order_whatever_the_tables_order()
    {
        using var package = Linear(["f0", "f1", "f2"]);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT i % 3 AS f2, i * 10 AS other, i * 0.5 AS f0, -i AS f1 FROM range(20) t(i)");

        await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["f2", "other", "f0", "f1", "y"], columns);
        Assert.Equal(BatchTables.Online(package, input, ["f0", "f1", "f2"]).Select(y => y[0]), rows.Select(r => (float)r[4]!));
    }

    [Fact]
    public async Task Without_feature_columns_the_tables_numeric_columns_fill_the_vector_in_table_order()
    {
        using var package = Linear(null);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 'n' || i AS name, i * 0.25 AS a, i AS b, true AS flag, CAST(i % 4 AS FLOAT) AS c FROM range(20) t(i)");

        await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["name", "a", "b", "flag", "c", "y"], columns);
        Assert.Equal(BatchTables.Online(package, input, ["a", "b", "c"]).Select(y => y[0]), rows.Select(r => (float)r[5]!));
    }

    [Fact]
    public async Task Without_feature_columns_a_table_with_other_than_k_numeric_columns_is_refused_listing_them()
    {
        using var package = Linear(null);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 1.0 AS a, 2 AS b, 3.0 AS c, 0 AS label, 'x' AS name");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet")));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("input x FP32[-1, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs exactly 3; the table has 4 (a (DECIMAL(2,1)), b (INTEGER), c (DECIMAL(2,1)), label (INTEGER))", error.Message, StringComparison.Ordinal);
        Assert.Contains("feature_columns", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path("out.parquet")));
    }

    [Fact]
    public async Task A_feature_column_the_table_lacks_is_named_in_the_error()
    {
        using var package = Linear(["f0", "f1", "f2"]);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 1.0 AS f0, 2.0 AS f2");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet")));

        Assert.Equal(
            "The table has no column 'f1', which the model's descriptor names as feature 2 of 3 for its input x FP32[-1, 3]; the table has f0 (DECIMAL(2,1)), f2 (DECIMAL(2,1)).",
            error.Message);
    }

    [Fact]
    public async Task A_feature_column_is_found_whatever_the_case_of_its_name()
    {
        using var package = Linear(["F0", "f1", "F2"]);
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 1.0 AS f0, 2.0 AS F1, 3.0 AS f2");

        await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        Assert.Equal((0.5f * 1) + (-1.25f * 2) + (2f * 3) + 0.5f, (float)BatchTables.Read(Path("out.parquet")).Rows.Single()[3]!);
    }

    [Fact]
    public async Task Inputs_of_one_column_each_are_filled_from_the_columns_of_their_names()
    {
        using var package = ModelPackage.Load(ModelDirectories.Sum(Path("model"), ["a", "b"]));
        var input = BatchTables.Csv(Path("in.csv"), "SELECT i AS b, 'skip' AS other, i * 100 AS a FROM range(10) t(i)");

        var summary = await new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet"));

        var (columns, rows) = BatchTables.Read(Path("out.parquet"));
        Assert.Equal(["b", "other", "a", "total"], columns);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 101f), rows.Select(r => (float)r[3]!));
        Assert.Equal(["total"], summary.PredictionColumns);
    }

    [Fact]
    public async Task An_input_without_its_column_is_named_in_the_error()
    {
        using var package = ModelPackage.Load(ModelDirectories.Sum(Path("model"), ["a", "b"]));
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT 1.0 AS a, 2.0 AS c");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package).ScoreFileAsync(input, Path("out.parquet")));

        Assert.Equal(
            "The table has no column 'b' for the model's input b FP32[-1]; the model takes one column per input (a, b), and the table has a (DECIMAL(2,1)), c (DECIMAL(2,1)).",
            error.Message);
    }

    [Fact]
    public async Task A_missing_feature_value_is_refused_naming_its_column_and_row()
    {
        using var package = Linear(["f0", "f1", "f2"]);
        // Row 2,500 sits in DuckDB's second Arrow batch and the chunk of 1,000 rows after the first two.
        var input = BatchTables.Parquet(Path("in.parquet"), "SELECT i AS f0, CASE WHEN i = 2499 THEN NULL ELSE i END AS f1, i AS f2 FROM range(3000) t(i)");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package, new BatchScoringOptions { ChunkRows = 1000 })
            .ScoreFileAsync(input, Path("out.parquet")));

        Assert.StartsWith("Column 'f1' has no value (null) in row 2500 (data rows counted from 1), and the model's input x FP32[-1, 3] needs one", error.Message, StringComparison.Ordinal);
        Assert.Equal(["MLmodel", "in.parquet", "model.onnx"], Directory.GetFiles(_directory, "*", SearchOption.AllDirectories).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_value_that_does_not_convert_to_the_inputs_type_is_named_with_its_column()
    {
        using var package = Linear(["f0", "f1", "f2"]);
        File.WriteAllText(Path("in.csv"), "f0,f1,f2\n1,2,3\n4,five,6\n");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => new BatchScorer(package).ScoreFileAsync(Path("in.csv"), Path("out.parquet")));

        Assert.Equal("Column 'f1' (VARCHAR) holds the value 'five', which is not a FP32 for the model's input x FP32[-1, 3].", error.Message);
    }

    private ModelPackage Linear(IReadOnlyList<string>? columns) =>
        ModelPackage.Load(ModelDirectories.Linear(Path("model"), Weights, 0.5f, columns));

    private string Path(string name) => System.IO.Path.Combine(_directory, name);
}
