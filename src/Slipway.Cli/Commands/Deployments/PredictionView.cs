using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Slipway.Cli.Output;
using Slipway.Client.Deployments;
using Slipway.Serving.Inference;

namespace Slipway.Cli.Commands.Deployments;

/// <summary>
/// How a prediction reads: a table with a line per row of the batch and a column per output (when the outputs share
/// their first dimension, as a model's batch outputs do), else a line per output; or, with <c>--output json</c>, the
/// outputs as the Open Inference Protocol writes them plus the route the request took.
/// </summary>
internal static class PredictionView
{
    /// <summary>Values shown in one cell before the rest are counted instead.</summary>
    private const int MaxValuesPerCell = 10;

    public static void Write(CliWriter output, PredictionResult result)
    {
        var outputs = result.Outputs;
        if (outputs.Count == 0)
        {
            output.Note("The model answered with no outputs.");
        }
        else if (outputs.All(o => o.Shape.Length >= 1) && outputs.Select(o => o.Shape[0]).Distinct().Count() == 1)
        {
            var rows = outputs[0].Shape[0];
            var table = CliWriter.NewTable(["Row", .. outputs.Select(o => $"{o.Name} ({o.Datatype})")]);
            for (long row = 0; row < rows; row++)
            {
                CliWriter.AddRow(table, [Number(row), .. outputs.Select(o => Values(o, row * PerRow(o), PerRow(o)))]);
            }

            output.Render(table);
        }
        else
        {
            var table = CliWriter.NewTable("Output", "Datatype", "Shape", "Values");
            foreach (var tensor in outputs)
            {
                CliWriter.AddRow(table, tensor.Name, tensor.Datatype, $"[{string.Join(", ", tensor.Shape)}]", Values(tensor, 0, tensor.Data.LongLength));
            }

            output.Render(table);
        }

        output.Note($"Answered by version {result.ModelVersion} of '{result.ModelName}'{(result.Route is { } route ? $", route {route}" : string.Empty)}.");
    }

    /// <summary>The result as indented JSON: model_name, model_version, id, route and the outputs with flat data.</summary>
    public static string Json(PredictionResult result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("model_name", result.ModelName);
            writer.WriteString("model_version", result.ModelVersion);
            if (result.Id is { } id)
            {
                writer.WriteString("id", id);
            }

            if (result.Route is { } route)
            {
                writer.WriteString("route", route);
            }

            writer.WriteStartArray("outputs");
            foreach (var tensor in result.Outputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", tensor.Name);
                writer.WriteString("datatype", tensor.Datatype);
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data");
                for (long i = 0; i < tensor.Data.LongLength; i++)
                {
                    WriteValue(writer, tensor.Data.GetValue(i));
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case float single when float.IsFinite(single):
                writer.WriteNumberValue(single);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case Half half when Half.IsFinite(half):
                writer.WriteNumberValue((double)half);
                break;
            case float or double or Half:
                // JSON has no NaN or infinities; the Open Inference Protocol's clients read these strings.
                var nonFinite = value switch { float single => single, Half half => (double)half, _ => (double)value };
                writer.WriteStringValue(double.IsNaN(nonFinite) ? "NaN" : nonFinite > 0 ? "Infinity" : "-Infinity");
                break;
            case ulong big:
                writer.WriteNumberValue(big);
                break;
            default:
                writer.WriteNumberValue(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static long PerRow(InferenceTensor tensor)
    {
        long count = 1;
        foreach (var dimension in tensor.Shape.AsSpan(1))
        {
            count *= dimension;
        }

        return count;
    }

    private static string Values(InferenceTensor tensor, long start, long count)
    {
        var end = Math.Min(start + count, tensor.Data.LongLength);
        var shown = new List<string>();
        for (var i = start; i < end && shown.Count < MaxValuesPerCell; i++)
        {
            shown.Add(Format(tensor.Data.GetValue(i)));
        }

        var text = string.Join(", ", shown);
        return end - start > MaxValuesPerCell ? $"{text}, ... ({Number(end - start)} values)" : text;
    }

    private static string Format(object? value) => value switch
    {
        float single => DisplayFormat.Number(single),
        double number => DisplayFormat.Number(number),
        Half half => DisplayFormat.Number((double)half),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? string.Empty,
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
