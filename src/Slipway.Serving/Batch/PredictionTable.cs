using System.Globalization;
using DuckDB.NET.Data;
using Slipway.Core.Errors;
using Slipway.Data;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Batch;

/// <summary>
/// The model's outputs, staged row by row in a DuckDB table through its appender, to be joined by position with the
/// input table when the Parquet file is written. An output with one value per row ([-1] or [-1, 1]) becomes one
/// column named after it; one with n values per row ([-1, n], or more dimensions flattened in row-major order) becomes
/// n columns <c>{name}_0</c> ... <c>{name}_{n-1}</c>: plain columns read the same in every Parquet reader, pandas and
/// SQL alike, where a list column would not. A name the input table already has (ignoring case) gets
/// <c>_predicted</c> appended, so the input columns pass through unchanged.
/// </summary>
internal sealed class PredictionTable : IDisposable
{
    public const string Name = "predictions";

    private readonly DuckDBAppender _appender;
    private readonly IReadOnlyList<TensorSpec> _layout;
    private readonly Action<IDuckDBAppenderRow, int>[] _writers;
    private bool _closed;

    private PredictionTable(DuckDBAppender appender, IReadOnlyList<TensorSpec> layout, IReadOnlyList<string> columns)
    {
        _appender = appender;
        _layout = layout;
        Columns = columns;
        _writers = new Action<IDuckDBAppenderRow, int>[columns.Count];
    }

    /// <summary>The column names, in order after the input's columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// Creates the table for outputs shaped as <paramref name="layout"/> says: the first chunk's output tensors, or
    /// the signature's outputs when the table has no rows (a dimension of unknown size then counts as 1).
    /// </summary>
    public static PredictionTable Create(DuckDBConnection connection, IReadOnlyList<TensorSpec> layout, IEnumerable<string> inputColumns)
    {
        var taken = new HashSet<string>(inputColumns, StringComparer.OrdinalIgnoreCase);
        var columns = new List<string>();
        var definitions = new List<string>();
        foreach (var output in layout)
        {
            var width = Width(output.Shape);
            for (var i = 0; i < width; i++)
            {
                var name = width == 1 ? output.Name : string.Create(CultureInfo.InvariantCulture, $"{output.Name}_{i}");
                while (!taken.Add(name))
                {
                    name += "_predicted";
                }

                columns.Add(name);
                definitions.Add($"{DuckDbSql.Identifier(name)} {DuckDbTypes.Of(output.Datatype)}");
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"CREATE TABLE {Name} ({string.Join(", ", definitions)})";
            command.ExecuteNonQuery();
        }

        return new PredictionTable(connection.CreateAppender(Name), layout, columns);
    }

    /// <summary>Values per row of an output shaped <paramref name="shape"/>: every dimension after the batch (one of unknown size as 1).</summary>
    public static int Width(IReadOnlyList<long> shape)
    {
        long width = 1;
        for (var i = 1; i < shape.Count; i++)
        {
            width = checked(width * (shape[i] < 0 ? 1 : shape[i]));
        }

        return checked((int)width);
    }

    /// <summary>Appends one chunk's outputs, <paramref name="rows"/> rows of each, in the order the table was created with.</summary>
    /// <exception cref="SlipwayException">When an output does not have one row per input row, or changes its shape between chunks.</exception>
    public void Append(IReadOnlyList<InferenceTensor> outputs, int rows)
    {
        if (outputs.Count != _layout.Count)
        {
            throw SlipwayException.Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"The model returned {outputs.Count} outputs for a chunk where it returned {_layout.Count} before."));
        }

        var column = 0;
        for (var o = 0; o < outputs.Count; o++)
        {
            var output = outputs[o];
            var width = Width(_layout[o].Shape);
            if (output.Shape.Length == 0 || output.Shape[0] != rows || Width(output.Shape) != width || output.Name != _layout[o].Name)
            {
                throw SlipwayException.Invalid(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The model's output {output} does not fit a chunk of {rows} rows: batch scoring needs each output shaped [{rows}, ...] with {width} value(s) per row, as in the first chunk ({_layout[o]})."));
            }

            for (var i = 0; i < width; i++)
            {
                _writers[column++] = Writer(output.Data, width, i);
            }
        }

        for (var r = 0; r < rows; r++)
        {
            var row = _appender.CreateRow();
            foreach (var write in _writers)
            {
                write(row, r);
            }

            row.EndRow();
        }
    }

    /// <summary>Flushes the appender, so the rows are in the table for the query that writes the file.</summary>
    public void Close()
    {
        if (!_closed)
        {
            _closed = true;
            _appender.Close();
        }
    }

    public void Dispose() => _appender.Dispose();

    private static Action<IDuckDBAppenderRow, int> Writer(Array data, int width, int offset) => data switch
    {
        float[] a => (row, r) => row.AppendValue((float?)a[(r * width) + offset]),
        double[] a => (row, r) => row.AppendValue((double?)a[(r * width) + offset]),
        long[] a => (row, r) => row.AppendValue((long?)a[(r * width) + offset]),
        int[] a => (row, r) => row.AppendValue((int?)a[(r * width) + offset]),
        short[] a => (row, r) => row.AppendValue((short?)a[(r * width) + offset]),
        sbyte[] a => (row, r) => row.AppendValue((sbyte?)a[(r * width) + offset]),
        ulong[] a => (row, r) => row.AppendValue((ulong?)a[(r * width) + offset]),
        uint[] a => (row, r) => row.AppendValue((uint?)a[(r * width) + offset]),
        ushort[] a => (row, r) => row.AppendValue((ushort?)a[(r * width) + offset]),
        byte[] a => (row, r) => row.AppendValue((byte?)a[(r * width) + offset]),
        bool[] a => (row, r) => row.AppendValue((bool?)a[(r * width) + offset]),
        Half[] a => (row, r) => row.AppendValue((float?)(float)a[(r * width) + offset]),
        string[] a => (row, r) => row.AppendValue(a[(r * width) + offset]),
        _ => throw new ArgumentException($"Output data of {data.GetType().Name} has no DuckDB column type.", nameof(data)),
    };
}
