using Microsoft.ML;
using Microsoft.ML.Data;

namespace Slipway.Serving.Runtimes;

/// <summary>Walks the rows of a <see cref="TensorDataView"/> in order, handing out getters for the columns asked for.</summary>
internal sealed class TensorDataViewCursor : DataViewRowCursor, ITensorRowIndex
{
    private readonly TensorDataView _view;
    private readonly bool[] _active;
    private long _position = -1;
    private bool _done;

    public TensorDataViewCursor(TensorDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        _view = view;
        _active = new bool[view.Schema.Count];
        foreach (var column in columnsNeeded)
        {
            _active[column.Index] = true;
        }
    }

    public override long Position => _position;

    public override long Batch => 0;

    public override DataViewSchema Schema => _view.Schema;

    public int RowIndex => (int)_position;

    public override bool MoveNext()
    {
        if (_done || _position + 1 >= _view.Rows)
        {
            // As ML.NET's own cursors do: once finished, the position is -1 and stays there.
            _done = true;
            _position = -1;
            return false;
        }

        _position++;
        return true;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column.Index, _active.Length, nameof(column));
        return _active[column.Index];
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsColumnActive(column))
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not asked for when the cursor was made.");
        }

        return _view.Source(column.Index).GetGetter<TValue>(this);
    }
}
