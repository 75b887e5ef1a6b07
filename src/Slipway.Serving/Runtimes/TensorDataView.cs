using Microsoft.ML;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// An <see cref="IDataView"/> over the columns of one request, with the model's saved input schema as its schema, so
/// ML.NET transforms tensors without a compile-time row class. One is made per prediction and read once; it holds
/// no state a second caller could see.
/// </summary>
internal sealed class TensorDataView : IDataView
{
    private readonly IColumnSource[] _sources;

    /// <param name="sources">One per column of <paramref name="schema"/>, by index.</param>
    public TensorDataView(DataViewSchema schema, IColumnSource[] sources, int rows)
    {
        if (sources.Length != schema.Count)
        {
            throw new ArgumentException($"The schema has {schema.Count} columns but {sources.Length} sources were given.", nameof(sources));
        }

        Schema = schema;
        _sources = sources;
        Rows = rows;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    internal int Rows { get; }

    public long? GetRowCount() => Rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new TensorDataViewCursor(this, columnsNeeded);

    // One cursor is all a request's few rows need; ML.NET accepts fewer cursors than it asked for.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    internal IColumnSource Source(int index) => _sources[index];
}
