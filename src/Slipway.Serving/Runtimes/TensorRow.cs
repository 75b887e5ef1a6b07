using Microsoft.ML;
using Microsoft.ML.Data;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// A row over request tensors that a <see cref="MlNetSession"/> moves through one request after another, as
/// ML.NET's PredictionEngine moves its input row. Its position only ever grows: ML.NET's getters remember the last
/// position they computed, and must not mistake a new request's first row for an old one's.
/// </summary>
internal sealed class TensorRow : DataViewRow, ITensorRowIndex
{
    private readonly IColumnSource[] _sources;
    private long _position = -1;

    /// <param name="sources">One per column of <paramref name="schema"/>, by index.</param>
    public TensorRow(DataViewSchema schema, IColumnSource[] sources)
    {
        if (sources.Length != schema.Count)
        {
            throw new ArgumentException($"The schema has {schema.Count} columns but {sources.Length} sources were given.", nameof(sources));
        }

        Schema = schema;
        _sources = sources;
    }

    public override long Position => _position;

    public override long Batch => 0;

    public override DataViewSchema Schema { get; }

    public int RowIndex { get; private set; }

    /// <summary>Makes row <paramref name="rowIndex"/> of the tensors the sources hold current.</summary>
    public void MoveTo(int rowIndex)
    {
        _position++;
        RowIndex = rowIndex;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

    // Every column is active: the row is made once for all of a model's outputs.
    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column.Index, _sources.Length, nameof(column));
        return true;
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column.Index, _sources.Length, nameof(column));
        return _sources[column.Index].GetGetter<TValue>(this);
    }
}
