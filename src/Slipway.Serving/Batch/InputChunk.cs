using Apache.Arrow;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Array = System.Array;

namespace Slipway.Serving.Batch;

/// <summary>
/// The tensor of one model input for one chunk of rows, filled column by column from Arrow batches: a [-1, k] input's
/// k columns interleave into row-major order. The buffer is reused from chunk to chunk (the runtime pins it only for
/// the length of a call), so scoring allocates per chunk only the outputs.
/// </summary>
internal sealed class InputChunk
{
    private readonly InputBinding _binding;
    private readonly Array _buffer;

    public InputChunk(InputBinding binding, int capacity)
    {
        _binding = binding;
        _buffer = TensorArrays.Create(binding.Spec.Datatype, (long)capacity * binding.Width);
    }

    /// <summary>
    /// Copies <paramref name="count"/> rows of <paramref name="batch"/> from <paramref name="from"/> into the chunk at
    /// <paramref name="chunkRow"/>. <paramref name="tableRow"/> is the row's index in the table, for messages.
    /// </summary>
    /// <exception cref="SlipwayException">When a feature column has no value in one of the rows.</exception>
    public void Fill(RecordBatch batch, int from, int count, int chunkRow, long tableRow)
    {
        var width = _binding.Width;
        for (var j = 0; j < width; j++)
        {
            var column = batch.Column(_binding.FirstField + j);
            // NullCount is -1 when Arrow has not counted; look then too.
            if (column.NullCount != 0)
            {
                RefuseNulls(column, from, count, _binding.Columns[j], tableRow);
            }

            Scatter(column, from, count, (chunkRow * width) + j, width);
        }
    }

    /// <summary>The first <paramref name="rows"/> rows as the input's tensor (a copy only for a last, shorter chunk).</summary>
    public InferenceTensor Tensor(int rows)
    {
        var length = (long)rows * _binding.Width;
        var data = _buffer;
        if (length != _buffer.LongLength)
        {
            data = TensorArrays.Create(_binding.Spec.Datatype, length);
            Array.Copy(_buffer, data, length);
        }

        return new InferenceTensor(_binding.Spec.Name, _binding.Spec.Datatype, _binding.Shape(rows), data);
    }

    private void RefuseNulls(IArrowArray column, int from, int count, TableColumn source, long tableRow)
    {
        for (var i = 0; i < count; i++)
        {
            if (column.IsNull(from + i))
            {
                throw SlipwayException.Invalid(
                    $"Column '{source.Name}' has no value (null) in row {tableRow + i + 1} (data rows counted from 1), and the model's input {_binding.Spec} needs one in every row; "
                    + "fill or drop the rows with missing features before scoring.");
            }
        }
    }

    private void Scatter(IArrowArray column, int from, int count, int start, int stride)
    {
        // Each cast in the feature query yields the Arrow array of the tensor's element type (FP16 arrives as FLOAT).
        switch (_buffer)
        {
            case float[] target when column is FloatArray source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case double[] target when column is DoubleArray source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case long[] target when column is Int64Array source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case int[] target when column is Int32Array source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case short[] target when column is Int16Array source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case sbyte[] target when column is Int8Array source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case ulong[] target when column is UInt64Array source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case uint[] target when column is UInt32Array source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case ushort[] target when column is UInt16Array source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case byte[] target when column is UInt8Array source:
                Scatter(source.Values.Slice(from, count), target, start, stride);
                break;
            case Half[] target when column is FloatArray source:
                var values = source.Values.Slice(from, count);
                for (var i = 0; i < values.Length; i++)
                {
                    target[start + (i * stride)] = (Half)values[i];
                }

                break;
            case bool[] target when column is BooleanArray source:
                for (var i = 0; i < count; i++)
                {
                    target[start + (i * stride)] = source.GetValue(from + i) ?? false;
                }

                break;
            case string[] target when column is StringArray source:
                for (var i = 0; i < count; i++)
                {
                    target[start + (i * stride)] = source.GetString(from + i);
                }

                break;
            default:
                throw new InvalidOperationException(
                    $"The feature query gave input '{_binding.Spec.Name}' an Arrow {column.Data.DataType.Name} column for {_binding.Spec.Datatype}; {nameof(DuckDbTypes)} and this switch disagree.");
        }
    }

    private static void Scatter<T>(ReadOnlySpan<T> source, T[] target, int start, int stride)
    {
        if (stride == 1)
        {
            source.CopyTo(target.AsSpan(start));
            return;
        }

        for (var i = 0; i < source.Length; i++)
        {
            target[start + (i * stride)] = source[i];
        }
    }
}
