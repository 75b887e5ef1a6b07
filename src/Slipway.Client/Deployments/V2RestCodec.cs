using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Client.Deployments;

/// <summary>
/// The client's half of the Open Inference Protocol's REST (JSON) form: writes infer requests, reads infer responses
/// and model metadata. Tensor data goes flat in row-major order; answers whose data is nested are flattened. JSON has
/// no NaN or infinities, so those travel as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, and
/// are read back from them.
/// </summary>
internal static class V2RestCodec
{
    public static byte[] WriteRequest(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string>? outputs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                ArgumentNullException.ThrowIfNull(input, nameof(inputs));
                writer.WriteStartObject();
                writer.WriteString("name", input.Name);
                writer.WriteString("datatype", input.Datatype);
                writer.WriteStartArray("shape");
                foreach (var dimension in input.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("data");
                WriteData(writer, input.Data);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (outputs is { Count: > 0 })
            {
                writer.WriteStartArray("outputs");
                foreach (var output in outputs)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", output);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="JsonException">The body is not an infer response.</exception>
    public static PredictionResult ReadResponse(ReadOnlySpan<byte> body, string? route)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = ObjectOf(document.RootElement, "the response");
        var outputs = new List<InferenceTensor>();
        if (root.TryGetProperty("outputs", out var list))
        {
            foreach (var output in ArrayOf(list, "outputs").EnumerateArray())
            {
                outputs.Add(ReadTensor(ObjectOf(output, "an output")));
            }
        }

        return new PredictionResult(
            OptionalString(root, "model_name") ?? string.Empty,
            OptionalString(root, "model_version") ?? string.Empty,
            OptionalString(root, "id"),
            outputs,
            route);
    }

    /// <exception cref="JsonException">The body is not model metadata.</exception>
    public static ServedModelInfo ReadMetadata(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = ObjectOf(document.RootElement, "the metadata");
        var versions = root.TryGetProperty("versions", out var list)
            ? ArrayOf(list, "versions").EnumerateArray().Select(v => v.ToString()).ToArray()
            : [];
        return new ServedModelInfo(
            OptionalString(root, "name") ?? string.Empty,
            versions,
            OptionalString(root, "platform") ?? string.Empty,
            new ModelSignature(Specs(root, "inputs"), Specs(root, "outputs")));
    }

    private static void WriteData(Utf8JsonWriter writer, Array data)
    {
        writer.WriteStartArray();
        switch (data)
        {
            case bool[] values:
                foreach (var value in values)
                {
                    writer.WriteBooleanValue(value);
                }

                break;
            case byte[] values:
                // Numbers, not the base64 string a byte[] would otherwise become.
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case ushort[] values:
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case uint[] values:
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case ulong[] values:
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case sbyte[] values:
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case short[] values:
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case int[] values:
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case long[] values:
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case Half[] values:
                foreach (var value in values)
                {
                    WriteFloatingPoint(writer, (double)value);
                }

                break;
            case float[] values:
                foreach (var value in values)
                {
                    if (float.IsFinite(value))
                    {
                        writer.WriteNumberValue(value);
                    }
                    else
                    {
                        WriteFloatingPoint(writer, value);
                    }
                }

                break;
            case double[] values:
                foreach (var value in values)
                {
                    WriteFloatingPoint(writer, value);
                }

                break;
            case string[] values:
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                break;
            default:
                throw new ArgumentException($"Tensor data of type {data.GetType().Name} has no Open Inference Protocol datatype.", nameof(data));
        }

        writer.WriteEndArray();
    }

    private static void WriteFloatingPoint(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static InferenceTensor ReadTensor(JsonElement tensor)
    {
        var name = OptionalString(tensor, "name") ?? throw new JsonException("An output has no name.");
        var datatype = OptionalString(tensor, "datatype") ?? throw new JsonException($"Output '{name}' has no datatype.");
        var shape = tensor.TryGetProperty("shape", out var dimensions)
            ? ArrayOf(dimensions, $"output '{name}' shape").EnumerateArray().Select(d => d.GetInt64()).ToArray()
            : [];
        if (!tensor.TryGetProperty("data", out var data))
        {
            throw new JsonException($"Output '{name}' has no data.");
        }

        var values = new List<JsonElement>();
        Flatten(data, values);
        return new InferenceTensor(name, datatype, shape, ToArray(name, datatype, values));
    }

    private static void Flatten(JsonElement element, List<JsonElement> values)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, values);
            }
        }
        else
        {
            values.Add(element);
        }
    }

    private static Array ToArray(string name, string datatype, List<JsonElement> values)
    {
        try
        {
            return datatype switch
            {
                OipDatatypes.Bool => Read(values, v => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : v.GetInt64() != 0),
                OipDatatypes.U8 => Read(values, v => v.GetByte()),
                OipDatatypes.U16 => Read(values, v => v.GetUInt16()),
                OipDatatypes.U32 => Read(values, v => v.GetUInt32()),
                OipDatatypes.U64 => Read(values, v => v.GetUInt64()),
                OipDatatypes.I8 => Read(values, v => v.GetSByte()),
                OipDatatypes.I16 => Read(values, v => v.GetInt16()),
                OipDatatypes.I32 => Read(values, v => v.GetInt32()),
                OipDatatypes.I64 => Read(values, v => v.GetInt64()),
                OipDatatypes.Fp16 => Read(values, v => (Half)FloatingPoint(v)),
                OipDatatypes.Fp32 => Read(values, v => (float)FloatingPoint(v)),
                OipDatatypes.Fp64 => Read(values, FloatingPoint),
                OipDatatypes.Bytes => Read(values, v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()),
                _ => throw new JsonException($"Output '{name}' has the unknown datatype '{datatype}'."),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new JsonException($"Output '{name}' holds a value that is not {datatype}: {ex.Message}", ex);
        }
    }

    private static T[] Read<T>(List<JsonElement> values, Func<JsonElement, T> read)
    {
        var array = new T[values.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = read(values[i]);
        }

        return array;
    }

    private static double FloatingPoint(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" or "inf" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            var text => double.Parse(text!, NumberStyles.Float, CultureInfo.InvariantCulture),
        }
        : value.GetDouble();

    private static TensorSpec[] Specs(JsonElement root, string property) =>
        root.TryGetProperty(property, out var list)
            ? [.. ArrayOf(list, property).EnumerateArray().Select(spec => new TensorSpec(
                OptionalString(spec, "name") ?? string.Empty,
                OptionalString(spec, "datatype") ?? string.Empty,
                spec.TryGetProperty("shape", out var shape) ? [.. ArrayOf(shape, "shape").EnumerateArray().Select(d => d.GetInt64())] : []))]
            : [];

    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement ObjectOf(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new JsonException($"Expected {what} to be a JSON object.");

    private static JsonElement ArrayOf(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Array ? element : throw new JsonException($"Expected {what} to be a JSON array.");
}
