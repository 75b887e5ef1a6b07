using Microsoft.ML;
using Microsoft.ML.Data;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// A column over a tensor's flat array: a scalar column reads element <c>row</c>, a vector column of width W reads
/// elements <c>row * W</c> to <c>row * W + W</c> into the caller's buffer, so a row costs no allocation. Without a
/// tensor every row is the default (zero, empty text, an all-zero vector): the column exists because the model's
/// saved schema has it, but prediction never reads it.
/// </summary>
internal sealed class ArrayColumnSource<T> : IColumnSource
{
    private readonly DataViewSchema.Column _column;
    private readonly VectorDataViewType? _vector;
    private T[]? _values;

    /// <summary>Values per row of a vector column (0 for a column of varying size without a tensor).</summary>
    private int _width;

    private ArrayColumnSource(DataViewSchema.Column column)
    {
        _column = column;
        _vector = column.Type as VectorDataViewType;
        _width = _vector?.Size ?? 0;
    }

    /// <summary>A source for <paramref name="column"/> of the model's input schema, holding defaults until it is <see cref="Set"/>.</summary>
    public static IColumnSource Create(DataViewSchema.Column column) => new ArrayColumnSource<T>(column);

    public void Set(InferenceTensor? tensor, int rows)
    {
        if (tensor is null)
        {
            _values = null;
            _width = _vector?.Size ?? 0;
            return;
        }

        var values = tensor.Data switch
        {
            T[] typed => typed,

            // Text is UTF-16 memory in ML.NET; slicing each string costs nothing, unlike copying it.
            string[] text when typeof(T) == typeof(ReadOnlyMemory<char>) => (T[])(object)Array.ConvertAll(text, s => s.AsMemory()),
            _ => throw SlipwayException.Invalid(
                $"Input '{_column.Name}' is {tensor.Datatype} but the model expects {MlNetTypes.DatatypeOf(typeof(T)) ?? typeof(T).Name}."),
        };

        var width = _vector switch
        {
            null => 1,
            { Size: > 0 } => _vector.Size,

            // A column of varying size takes whatever width the request has; every row of a tensor has the same.
            _ when tensor.Shape.Length == 2 => checked((int)tensor.Shape[1]),
            _ => throw SlipwayException.Invalid(
                $"Input '{_column.Name}' has shape [{string.Join(", ", tensor.Shape)}] but the model expects [-1, -1] (-1: any size)."),
        };

        if (values.LongLength != (long)rows * width)
        {
            throw SlipwayException.Invalid(
                $"Input '{_column.Name}' has {values.LongLength} values but {rows} rows{(_vector is null ? string.Empty : $" of {width}")} need {(long)rows * width}.");
        }

        _values = values;
        _width = width;
    }

    public ValueGetter<TValue> GetGetter<TValue>(ITensorRowIndex row)
    {
        Delegate getter = _vector is null ? ScalarGetter(row) : VectorGetter(row);
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{_column.Name}' holds {_column.Type.RawType}, not {typeof(TValue)}.");
    }

    // The getters read the fields on every call rather than capturing them, so they follow Set.
    private ValueGetter<T> ScalarGetter(ITensorRowIndex row) =>
        (ref T value) => value = _values is { } values ? values[row.RowIndex] : default!;

    private ValueGetter<VBuffer<T>> VectorGetter(ITensorRowIndex row) =>
        (ref VBuffer<T> value) =>
        {
            var width = _width;
            if (_values is not { } values)
            {
                // A sparse vector with no stored values: every slot is zero, and nothing is copied.
                value = VBufferEditor.Create(ref value, width, 0).Commit();
                return;
            }

            // The editor reuses the buffer the caller passes back each row, so after the first row nothing is allocated.
            var editor = VBufferEditor.Create(ref value, width);
            values.AsSpan(row.RowIndex * width, width).CopyTo(editor.Values);
            value = editor.Commit();
        };
}
