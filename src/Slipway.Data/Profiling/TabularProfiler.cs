using System.Data;
using System.Globalization;
using System.Runtime.ExceptionServices;
using DuckDB.NET.Data;
using Slipway.Core.Data.Profiles;
using Slipway.Core.Errors;

namespace Slipway.Data.Profiling;

/// <summary>
/// Profiles one CSV or Parquet file: its schema, row count and, per column, missing values, distinct count, minimum
/// and maximum, a numeric summary (mean, sample standard deviation, quantiles, histogram) for numbers and the most
/// frequent values for strings and booleans. An instance holds only its settings; calls may run concurrently.
/// </summary>
/// <remarks>
/// <para>
/// DuckDB reads the file, in an in-memory database per call: a CSV file is parsed once into a table there (on every
/// core), a Parquet file is read where it is. Then each column is read by itself, one column per core at a time, and
/// every statistic is computed from all of its values: every one is exact. Numbers, dates and timestamps become
/// sortable 64-bit keys that are radix-sorted, which gives exact quantiles and distinct counts at a fraction of the
/// cost of DuckDB's <c>quantile_cont</c> and <c>count(DISTINCT)</c> (measured in bench/README.md); strings are counted
/// by their UTF-8 bytes. Memory: the parsed CSV table (about the size of the file for numeric data), plus, per core,
/// 16 bytes a row of the column being summarised or its distinct strings.
/// </para>
/// <para>Definitions:</para>
/// <list type="bullet">
/// <item>Quantiles p1 ... p99: linear interpolation between the order statistics around (n - 1) * p (Hyndman and Fan's
/// type 7, the default of R and NumPy, DuckDB's <c>quantile_cont</c>).</item>
/// <item>Histogram: equal-width bins over [min, max]; a value x falls in bin min(floor((x - min) / width), bins - 1),
/// width = (max - min) / bins. A constant column has a single bin [value, value].</item>
/// <item>NaN is missing (as in pandas). Infinities are values: they count in the distinct count and can be the
/// minimum or maximum (<c>-Infinity</c>, <c>Infinity</c>), but the numeric summary covers the finite values only, so
/// its mean, quantiles and histogram stay meaningful; a column without finite values has none.</item>
/// <item>Minimum and maximum as invariant text: numbers round-trippable, dates and timestamps ISO 8601 (UTC with Z
/// for time-zoned timestamps, to the microsecond), strings in ordinal (code point) order. Integers wider than 64 bits
/// are summarised as doubles.</item>
/// <item>Top values: most frequent first, ties in ordinal order of the value.</item>
/// </list>
/// <para>
/// CSV is comma-separated with double quotes (RFC 4180); header and types are detected by DuckDB from a sample of
/// 20,480 rows (its default). A later value that does not fit a detected type makes a second read that detects types
/// from every row. (DuckDB's cast rounds a decimal such as 1.5 found past the sample in a column detected as integer
/// instead of failing; that value is profiled as 2.) Malformed files, empty files and tables without rows are
/// refused with <see cref="SlipwayException.Invalid"/>, naming the file and, where DuckDB reports it, the line.
/// </para>
/// </remarks>
public sealed class TabularProfiler
{
    public const int DefaultHistogramBins = 20;
    public const int DefaultTopValues = 20;

    private readonly int _histogramBins;
    private readonly int _topValues;

    public TabularProfiler(int histogramBins = DefaultHistogramBins, int topValues = DefaultTopValues)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(histogramBins, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(topValues);
        _histogramBins = histogramBins;
        _topValues = topValues;
    }

    /// <summary><c>csv</c> or <c>parquet</c> for a file the profiler reads, by extension or media type; otherwise null.</summary>
    public static string? FormatOf(string path, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(path);
        var media = (mediaType ?? "").Split(';', 2)[0].Trim();
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || media.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return "csv";
        }

        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/vnd.apache.parquet", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/x-parquet", StringComparison.OrdinalIgnoreCase)
            ? "parquet"
            : null;
    }

    /// <summary>
    /// Profiles <paramref name="localFile"/> as <paramref name="format"/> (<c>csv</c> or <c>parquet</c>); messages and
    /// <see cref="TableProfile.Path"/> name it <paramref name="manifestPath"/>. Blocks while it reads the file, using
    /// every core: call it from a background task, not a request thread.
    /// </summary>
    public TableProfile Profile(string localFile, string manifestPath, string format, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        if (format is not ("csv" or "parquet"))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "The profiler reads csv and parquet.");
        }

        var file = new FileInfo(localFile);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The file to profile as {manifestPath} does not exist.", localFile);
        }

        if (file.Length == 0)
        {
            throw SlipwayException.Invalid($"{manifestPath} is empty (0 bytes): there is no table to profile.");
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var scan = new TableScan(file.FullName, format);
        try
        {
            try
            {
                // No statistic depends on row order, so DuckDB may store the parsed rows as its threads finish them.
                Execute(connection, "SET preserve_insertion_order = false", cancellationToken);
                return Scan(connection, scan, manifestPath, cancellationToken);
            }
            catch (DuckDBException error) when (DuckDbErrors.IsSampledTypeTooNarrow(error) && !cancellationToken.IsCancellationRequested)
            {
                scan = scan with { WholeFileSample = true };
                return Scan(connection, scan, manifestPath, cancellationToken);
            }
        }
        catch (DuckDBException error)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (format == "csv" && DuckDbErrors.IsUndetectableCsv(error))
            {
                throw Diagnose(connection, scan, manifestPath, error);
            }

            throw DuckDbErrors.Translate(error, scan, manifestPath);
        }
    }

    /// <summary>
    /// A CSV file is parsed once, into a table of the in-memory database (DuckDB parses on every core; a streamed
    /// read hands rows over from one). Then each column is read on its own, from that table or straight from the
    /// Parquet file, which is columnar, one column per core at a time: its values are gathered and summarised before
    /// the next, so only as many columns are held as there are cores.
    /// </summary>
    private TableProfile Scan(DuckDBConnection connection, TableScan scan, string manifestPath, CancellationToken cancellationToken)
    {
        string source;
        IReadOnlyList<EngineColumn> columns;
        if (scan.Format == "csv")
        {
            var layout = Sniff(connection, scan, cancellationToken);
            Execute(connection, $"CREATE OR REPLACE TABLE profiled AS SELECT * FROM {scan.Csv(layout)}", cancellationToken);
            (source, columns) = ("profiled", layout.Columns);
        }
        else
        {
            (source, columns) = (scan.Parquet, Describe(connection, scan.Parquet, cancellationToken));
        }

        var rows = Count(connection, source, cancellationToken);
        if (rows == 0)
        {
            throw SlipwayException.Invalid(scan.Format == "csv"
                ? $"{manifestPath} has a header but no rows: there is nothing to profile."
                : $"{manifestPath} has a schema but no rows: there is nothing to profile.");
        }

        var profiles = new ColumnProfile[columns.Count];
        try
        {
            Parallel.For(
                0,
                columns.Count,
                new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => (Connection: Reader(connection), Buffers: new SortBuffers()),
                (i, _, worker) =>
                {
                    profiles[i] = ProfileColumn(worker.Connection, worker.Buffers, source, columns[i], rows, cancellationToken);
                    return worker;
                },
                worker => worker.Connection.Dispose());
        }
        catch (AggregateException error) when (error.InnerExceptions.FirstOrDefault(e => e is DuckDBException or OperationCanceledException) is { } first)
        {
            // The first reader's failure, as if the columns had been read one after another.
            ExceptionDispatchInfo.Throw(first);
        }

        return new TableProfile { Path = manifestPath, Format = scan.Format, RowCount = rows, Columns = profiles };
    }

    private ColumnProfile ProfileColumn(DuckDBConnection connection, SortBuffers buffers, string source, EngineColumn column, long rows, CancellationToken cancellationToken)
    {
        var accumulator = ColumnAccumulator.For(column);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {column.Projection} FROM {source}";
            using var cancel = cancellationToken.Register(command.Cancel);
            using var stream = command.ExecuteArrowStream();
            while (stream.ReadNextRecordBatchAsync(cancellationToken).AsTask().GetAwaiter().GetResult() is { } batch)
            {
                using (batch)
                {
                    accumulator.Add(batch.Column(0));
                }
            }
        }

        return accumulator.Build(rows, _histogramBins, _topValues, buffers);
    }

    /// <summary>Another connection to the same in-memory database, for one worker of the column loop.</summary>
    private static DuckDBConnection Reader(DuckDBConnection connection)
    {
        var reader = connection.Duplicate();
        if (reader.State != ConnectionState.Open)
        {
            reader.Open();
        }

        return reader;
    }

    private static long Count(DuckDBConnection connection, string source, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {source}";
        using var cancel = cancellationToken.Register(command.Cancel);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static List<EngineColumn> Describe(DuckDBConnection connection, string source, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})";
        using var cancel = cancellationToken.Register(command.Cancel);
        using var reader = command.ExecuteReader();
        var columns = new List<EngineColumn>();
        while (reader.Read())
        {
            columns.Add(EngineColumn.Of(reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    private static CsvLayout Sniff(DuckDBConnection connection, TableScan scan, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = scan.Sniff;
        using var cancel = cancellationToken.Register(command.Cancel);
        using var reader = command.ExecuteReader();
        CsvLayout? layout = null;
        var columns = new List<EngineColumn>();
        while (reader.Read())
        {
            layout ??= new CsvLayout(
                reader.GetBoolean(0),
                Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                // sniff_csv writes "(empty)" for no comment character.
                reader.GetString(2) is "(empty)" ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                columns);
            columns.Add(EngineColumn.Of(reader.GetString(5), reader.GetString(6)));
        }

        return layout ?? throw new InvalidOperationException($"DuckDB's sniffer found no columns in {scan.LocalFile}.");
    }

    /// <summary>
    /// Reads the file again without detection (a header, every field text) to find the line the sniffer stumbled on;
    /// DuckDB's plain reader names it where the sniffer does not.
    /// </summary>
    private static SlipwayException Diagnose(DuckDBConnection connection, TableScan scan, string manifestPath, DuckDBException sniffError)
    {
        try
        {
            Execute(connection, $"SELECT count(*) FROM {scan.Undetected(scan.HeaderFields())}", CancellationToken.None);
        }
        catch (DuckDBException error)
        {
            return DuckDbErrors.Translate(error, scan, manifestPath);
        }

        return DuckDbErrors.Translate(sniffError, scan, manifestPath);
    }

    private static void Execute(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var cancel = cancellationToken.Register(command.Cancel);
        command.ExecuteNonQuery();
    }
}
