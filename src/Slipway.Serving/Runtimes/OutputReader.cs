using Microsoft.ML;
using Microsoft.ML.Data;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// Reads an output column of item type <typeparamref name="T"/> into one flat array: a scalar column becomes
/// [rows], a vector column of size N [rows, N]. The getter writes straight into the array (scalars) or into one
/// buffer reused for every row (vectors), so reading costs no allocation per row beyond the strings of text outputs.
/// </summary>
internal sealed class OutputReader<T> : IOutputReader
{
    private readonly MlNetOutput _output;
    private readonly ValueGetter<T>? _scalar;
    private readonly ValueGetter<VBuffer<T>>? _vector;
    private T[] _values = [];
    private int _rows;
    private int _width;
    private VBuffer<T> _buffer;

    private OutputReader(MlNetOutput output, DataViewRow row, DataViewSchema.Column column)
    {
        _output = output;
        if (output.IsVector)
        {
            _vector = row.GetGetter<VBuffer<T>>(column);
        }
        else
        {
            _scalar = row.GetGetter<T>(column);
        }
    }

    public static IOutputReader Open(MlNetOutput output, DataViewRow row, DataViewSchema.Column column) =>
        new OutputReader<T>(output, row, column);

    public void Begin(int rows)
    {
        _rows = rows;
        _width = _output.Size;

        // A vector of varying size learns its width from the first row.
        _values = _output.IsVector ? (_width > 0 ? new T[(long)rows * _width] : []) : new T[rows];
    }

    public void Read(int row)
    {
        if (_scalar is not null)
        {
            _scalar(ref _values[row]);
            return;
        }

        _vector!(ref _buffer);
        if (_output.Size == 0)
        {
            if (row == 0)
            {
                _width = _buffer.Length;
                _values = new T[(long)_rows * _width];
            }
            else if (_buffer.Length != _width)
            {
                // A tensor has one shape, and padding would invent values the model did not give.
                throw SlipwayException.Invalid(
                    $"Output '{_output.Name}' is a vector whose size varies by row ({_width} values in row 0, {_buffer.Length} in row {row}), "
                    + "and a tensor needs every row the same size; ask for it one row at a time, or for other outputs.");
            }
        }

        // CopyTo writes a sparse vector out densely, zeros included.
        _buffer.CopyTo(_values.AsSpan(row * _width, _width));
    }

    public InferenceTensor ToTensor()
    {
        long[] shape = _output.IsVector ? [_rows, _width] : [_rows];
        var data = _output.KeyValues is { } keyValues ? keyValues.Map(_values) : _values;
        if (data is ReadOnlyMemory<char>[] text)
        {
            data = Array.ConvertAll(text, t => t.ToString());
        }

        _values = [];
        return new InferenceTensor(_output.Name, _output.Datatype, shape, data);
    }
}
