using System.Globalization;
using System.Text;
using Slipway.Core.Data.Profiles;
using Slipway.Data.Profiling;

namespace Slipway.Data.Tests.Profiling;

/// <summary>Profiles of real CSV and Parquet files, checked against statistics computed here from the same data.</summary>
public sealed class TabularProfilerTests : IDisposable
{
    private const int Rows = 5_000;
    private readonly ProfilingDirectory _files = new();
    private readonly TabularProfiler _profiler = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public void Profiles_every_column_as_computed_independently(string format)
    {
        var data = new MixedTable(seed: 7, Rows);
        var csv = _files.Write("mixed.csv", data.ToCsv());
        var file = format == "csv" ? csv : _files.ParquetFrom(csv, "mixed.parquet");

        var profile = _profiler.Profile(file, "data/mixed." + format, format);

        Assert.Equal("data/mixed." + format, profile.Path);
        Assert.Equal(format, profile.Format);
        Assert.Equal(Rows, profile.RowCount);
        Assert.Equal(["id", "count", "price", "score", "city", "flag", "day"], profile.Columns.Select(c => c.Name));

        AssertNumeric(Column(profile, "id"), "integer", "BIGINT", ExpectedColumn.Numbers(data.Ids.Select(v => (double?)v).ToList()));
        AssertNumeric(Column(profile, "count"), "integer", "BIGINT", ExpectedColumn.Numbers(data.Counts.Select(v => (double?)v).ToList()));
        AssertNumeric(Column(profile, "price"), "float", "DOUBLE", ExpectedColumn.Numbers(data.Prices));
        AssertNumeric(Column(profile, "score"), "float", "DOUBLE", ExpectedColumn.Numbers(data.Scores));
        AssertCategorical(Column(profile, "city"), "string", "VARCHAR", ExpectedColumn.Categories(data.Cities));
        AssertCategorical(Column(profile, "flag"), "boolean", "BOOLEAN", ExpectedColumn.Categories(data.Flags.Select(f => f?.ToString().ToLowerInvariant()).ToList()));

        var day = Column(profile, "day");
        var days = data.Days.Where(d => d is not null).Select(d => d!.Value).ToList();
        Assert.Equal(("date", "DATE"), (day.Type, day.SourceType));
        Assert.Equal(data.Days.Count(d => d is null), day.MissingCount);
        Assert.Equal(days.Distinct().Count(), day.DistinctCount);
        Assert.Equal(days.Min().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Min);
        Assert.Equal(days.Max().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Max);
        Assert.Null(day.Numeric);
        Assert.Null(day.TopValues);
    }

    [Fact]
    public void A_single_row_has_zero_deviation_and_one_histogram_bin()
    {
        var file = _files.Write("one.csv", "x,y,name\n3,2.5,solo\n");

        var profile = _profiler.Profile(file, "one.csv", "csv");

        Assert.Equal(1, profile.RowCount);
        var y = Column(profile, "y").Numeric!;
        Assert.Equal((2.5, 2.5, 2.5, 0.0), (y.Min, y.Max, y.Mean, y.StandardDeviation));
        Assert.All(y.Quantiles.Values, q => Assert.Equal(2.5, q));
        Assert.Equal([2.5, 2.5], y.Histogram.Edges);
        Assert.Equal([1L], y.Histogram.Counts);
        Assert.Equal("3", Column(profile, "x").Min);
        Assert.Equal([new ValueFrequency("solo", 1)], Column(profile, "name").TopValues);
        Assert.Equal(0, Column(profile, "name").OtherValuesCount);
    }

    [Fact]
    public void A_constant_column_has_zero_deviation_and_a_single_full_bin()
    {
        var text = new StringBuilder("level,noise\n");
        for (var i = 0; i < 300; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"7,{i}\n");
        }

        var profile = _profiler.Profile(_files.Write("constant.csv", text.ToString()), "constant.csv", "csv");

        var level = Column(profile, "level");
        Assert.Equal(1, level.DistinctCount);
        Assert.Equal(0.0, level.Numeric!.StandardDeviation);
        Assert.Equal([7.0, 7.0], level.Numeric.Histogram.Edges);
        Assert.Equal([300L], level.Numeric.Histogram.Counts);
        Assert.Equal(1, level.Numeric.Histogram.Counts.Count(c => c > 0));
    }

    [Fact]
    public void NaN_is_missing_and_infinities_are_values_outside_the_numeric_summary()
    {
        var file = _files.Write("special.csv", "v,at\n1.5,2024-01-02 03:04:05\nnan,2024-01-02 03:04:05.25\ninf,\n-inf,1999-12-31 23:59:59\n2.5,2024-01-02 03:04:05\n,2000-01-01 00:00:00\n");

        var profile = _profiler.Profile(file, "special.csv", "csv");

        var v = Column(profile, "v");
        Assert.Equal("DOUBLE", v.SourceType);
        Assert.Equal(2, v.MissingCount);
        Assert.Equal(4, v.DistinctCount);
        Assert.Equal(("-Infinity", "Infinity"), (v.Min, v.Max));
        Assert.Equal((1.5, 2.5, 2.0), (v.Numeric!.Min, v.Numeric.Max, v.Numeric.Mean));
        Assert.Equal(2, v.Numeric.Histogram.Counts.Sum());

        var at = Column(profile, "at");
        Assert.Equal(("timestamp", "TIMESTAMP"), (at.Type, at.SourceType));
        Assert.Equal((1, 4L), (at.MissingCount, at.DistinctCount));
        Assert.Equal(("1999-12-31T23:59:59", "2024-01-02T03:04:05.25"), (at.Min, at.Max));
    }

    [Fact]
    public void A_value_past_the_type_sample_that_does_not_fit_makes_the_column_text()
    {
        var text = new StringBuilder("code\n");
        for (var i = 0; i < 30_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i}\n");
        }

        text.Append("n/a\n");

        var code = Column(_profiler.Profile(_files.Write("late.csv", text.ToString()), "late.csv", "csv"), "code");

        Assert.Equal(("string", "VARCHAR", 30_001L), (code.Type, code.SourceType, code.DistinctCount));
    }

    [Fact]
    public void Parquet_types_map_to_logical_types()
    {
        var file = _files.ParquetOf(
            """
            SELECT i::TINYINT AS tiny, i::UBIGINT * 1000000000000 AS huge, (i / 4)::FLOAT AS single, (i / 8)::DECIMAL(9, 3) AS money,
                   TIMESTAMPTZ '2024-01-02 03:04:05+00' + to_hours(i) AS at, TIME '12:00:00' + to_minutes(i) AS clock,
                   [i, i + 1] AS pair, i % 2 = 0 AS even
            FROM range(1, 6) AS r(i)
            """,
            "types.parquet");

        var profile = _profiler.Profile(file, "types.parquet", "parquet");

        Assert.Equal(
            [("tiny", "integer"), ("huge", "integer"), ("single", "float"), ("money", "float"), ("at", "timestamp"), ("clock", "other"), ("pair", "other"), ("even", "boolean")],
            profile.Columns.Select(c => (c.Name, c.Type)));
        Assert.Equal(("1", "5", 3.0), (Column(profile, "tiny").Min, Column(profile, "tiny").Max, Column(profile, "tiny").Numeric!.Mean));
        Assert.Equal(5e12, Column(profile, "huge").Numeric!.Max);
        Assert.Equal((0.125, 0.625), (Column(profile, "money").Numeric!.Min, Column(profile, "money").Numeric!.Max));
        Assert.Equal(("2024-01-02T04:04:05Z", "2024-01-02T08:04:05Z"), (Column(profile, "at").Min, Column(profile, "at").Max));
        Assert.Equal((5L, (string?)null, (NumericSummary?)null), (Column(profile, "clock").DistinctCount, Column(profile, "clock").Min, Column(profile, "clock").Numeric));
        Assert.Equal(5, Column(profile, "pair").DistinctCount);
        Assert.Equal([new ValueFrequency("false", 3), new ValueFrequency("true", 2)], Column(profile, "even").TopValues);
    }

    [Theory]
    [InlineData("a/b/train.csv", "application/octet-stream", "csv")]
    [InlineData("train.CSV", "", "csv")]
    [InlineData("export", "text/csv; charset=utf-8", "csv")]
    [InlineData("t.parquet", "", "parquet")]
    [InlineData("t", "application/vnd.apache.parquet", "parquet")]
    [InlineData("t", "application/x-parquet", "parquet")]
    [InlineData("photo.png", "image/png", null)]
    public void FormatOf_knows_csv_and_parquet_by_extension_or_media_type(string path, string mediaType, string? format) =>
        Assert.Equal(format, TabularProfiler.FormatOf(path, mediaType));

    [Fact]
    public void A_cancelled_profile_stops_with_OperationCanceledException()
    {
        var file = _files.Write("small.csv", "a\n1\n");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _profiler.Profile(file, "small.csv", "csv", cancel.Token));
    }

    private static ColumnProfile Column(TableProfile profile, string name) => profile.Columns.Single(c => c.Name == name);

    private static void AssertNumeric(ColumnProfile column, string type, string sourceType, ExpectedColumn expected)
    {
        Assert.Equal((type, sourceType), (column.Type, column.SourceType));
        Assert.Equal(expected.Missing, column.MissingCount);
        Assert.Equal((double)expected.Missing / expected.Rows, column.MissingRatio, 12);
        Assert.Equal(expected.Missing > 0, column.Nullable);
        Assert.Equal(expected.Distinct, column.DistinctCount);
        Assert.Equal(expected.Sorted[0], double.Parse(column.Min!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.Sorted[^1], double.Parse(column.Max!, CultureInfo.InvariantCulture));

        var numeric = column.Numeric!;
        Assert.Equal((expected.Sorted[0], expected.Sorted[^1]), (numeric.Min, numeric.Max));
        Assert.Equal(expected.Mean, numeric.Mean, 1e-9 * Math.Max(1, Math.Abs(expected.Mean)));
        Assert.Equal(expected.StandardDeviation, numeric.StandardDeviation, 1e-9 * Math.Max(1, expected.StandardDeviation));
        Assert.Equal(["p1", "p5", "p25", "p50", "p75", "p95", "p99"], numeric.Quantiles.Keys);
        foreach (var (name, level) in new[] { ("p1", 0.01), ("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95), ("p99", 0.99) })
        {
            Assert.Equal(expected.Quantile(level), numeric.Quantiles[name], 1e-12);
        }

        Assert.Equal(21, numeric.Histogram.Edges.Count);
        Assert.Equal(expected.Sorted[0], numeric.Histogram.Edges[0]);
        Assert.Equal(expected.Sorted[^1], numeric.Histogram.Edges[^1]);
        Assert.Equal(expected.HistogramCounts(20), numeric.Histogram.Counts);
        Assert.Null(column.TopValues);
    }

    private static void AssertCategorical(ColumnProfile column, string type, string sourceType, ExpectedColumn expected)
    {
        Assert.Equal((type, sourceType), (column.Type, column.SourceType));
        Assert.Equal(expected.Missing, column.MissingCount);
        Assert.Equal(expected.Distinct, column.DistinctCount);
        Assert.Equal(expected.Top.Select(t => new ValueFrequency(t.Value, t.Count)), column.TopValues);
        Assert.Equal(expected.Rows - expected.Missing - expected.Top.Sum(t => t.Count), column.OtherValuesCount);
        var ordered = expected.Top.Select(t => t.Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal((ordered[0], ordered[^1]), (column.Min, column.Max));
        Assert.Null(column.Numeric);
    }
}
