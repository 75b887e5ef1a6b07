using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Protocols.Elements;

namespace Slipway.Serving.Protocols;

/// <summary>
/// Writes <c>{"predictions": [...]}</c>, one entry per row, for KServe V1 and MLflow: a model with one output gives
/// that output's row, several give an object per row naming each. A row is its value when the output has one value
/// per row, nested lists of the row's shape otherwise.
/// </summary>
internal static class PredictionsWriter
{
    /// <param name="squeeze">Write a row of one element (an output of shape [-1, 1]) as that element, as MLflow's pyfunc does.</param>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<InferenceTensor> outputs, bool squeeze)
    {
        var rows = outputs.Count == 0 ? 0 : outputs[0].Rows;
        foreach (var output in outputs)
        {
            if (output.Rows != rows)
            {
                throw SlipwayException.Invalid(
                    $"Outputs disagree on the rows: '{outputs[0].Name}' has {rows}, '{output.Name}' has {output.Rows}; predictions need one entry per row.");
            }
        }

        var kinds = outputs.Select(o => ElementKind.For(o.Datatype)).ToArray();
        var dims = outputs.Select(o => RowDims(o.Shape, squeeze)).ToArray();
        var strides = dims.Select(d => TensorArrays.ElementCount(d)).ToArray();
        writer.WriteStartObject();
        writer.WriteStartArray("predictions"u8);
        for (long row = 0; row < rows; row++)
        {
            if (outputs.Count == 1)
            {
                kinds[0].WriteNested(writer, outputs[0].Data, row * strides[0], dims[0]);
                continue;
            }

            writer.WriteStartObject();
            for (var i = 0; i < outputs.Count; i++)
            {
                writer.WritePropertyName(outputs[i].Name);
                kinds[i].WriteNested(writer, outputs[i].Data, row * strides[i], dims[i]);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static long[] RowDims(long[] shape, bool squeeze)
    {
        var dims = shape.Length == 0 ? [] : shape[1..];
        return squeeze && TensorArrays.ElementCount(dims) == 1 ? [] : dims;
    }
}
