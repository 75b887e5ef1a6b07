using System.Text.Json;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Logging;

/// <summary>
/// The JSON form of an <see cref="InferenceLogRecord"/>: one line of a log segment, and the <c>data</c> of a
/// CloudEvent. The monitoring feature reads this format, so it changes only by adding members. A record is
/// <code>
/// {"request_id":"r-1","workspace_id":"default","deployment":"churn","model_name":"churn","model_version":"3",
///  "route":"primary","protocol":"v2-rest","timestamp_ms":1767225600000,"latency_ms":1.25,"status":"ok",
///  "inputs":[{"name":"x","datatype":"FP32","shape":[2,3],"data":[0.5,1,2,3,4,5]}],
///  "outputs":[{"name":"y","datatype":"INT64","shape":[2],"data":[0,1]}]}
/// </code>
/// <list type="bullet">
/// <item><c>timestamp_ms</c> is Unix time in milliseconds (UTC); <c>latency_ms</c> a fractional millisecond count.</item>
/// <item><c>status</c> is <c>ok</c> or <c>error</c>; a failed prediction also has <c>error</c> (its message) and empty <c>outputs</c>.</item>
/// <item>Tensors are columnar, as in the Open Inference Protocol: <c>data</c> is the flat row-major array of every
/// value. BOOL is JSON true/false, the integer types and FP16/FP32/FP64 are JSON numbers written so they read back to
/// the same value, except that NaN and the infinities, which JSON has no numbers for, are the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c>. BYTES is JSON strings (UTF-8 text).</item>
/// <item>Readers ignore members they do not know, so later versions may add some.</item>
/// </list>
/// </summary>
internal static class InferenceLogJson
{
    private const string NaN = "NaN";
    private const string PositiveInfinity = "Infinity";
    private const string NegativeInfinity = "-Infinity";

    // Property names are UTF-8 literals: written as given, with no transcoding or escaping check per record.
    public static void Write(Utf8JsonWriter writer, InferenceLogRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("request_id"u8, record.RequestId);
        writer.WriteString("workspace_id"u8, record.WorkspaceId);
        writer.WriteString("deployment"u8, record.Deployment);
        writer.WriteString("model_name"u8, record.ModelName);
        writer.WriteString("model_version"u8, record.ModelVersion);
        writer.WriteString("route"u8, record.Route);
        writer.WriteString("protocol"u8, record.Protocol);
        writer.WriteNumber("timestamp_ms"u8, record.Timestamp.ToUnixTimeMilliseconds());
        writer.WritePropertyName("latency_ms"u8);
        WriteFloating(writer, record.LatencyMs);
        writer.WriteString("status"u8, record.Status);
        if (record.Error is not null)
        {
            writer.WriteString("error"u8, record.Error);
        }

        WriteTensors(writer, "inputs"u8, record.Inputs);
        WriteTensors(writer, "outputs"u8, record.Outputs);
        writer.WriteEndObject();
    }

    /// <exception cref="InvalidDataException">When <paramref name="element"/> is not a record in this format.</exception>
    public static InferenceLogRecord Read(JsonElement element)
    {
        try
        {
            return new InferenceLogRecord(
                RequiredString(element, "request_id"),
                RequiredString(element, "workspace_id"),
                RequiredString(element, "deployment"),
                RequiredString(element, "model_name"),
                RequiredString(element, "model_version"),
                RequiredString(element, "route"),
                RequiredString(element, "protocol"),
                DateTimeOffset.FromUnixTimeMilliseconds(element.GetProperty("timestamp_ms").GetInt64()),
                ReadFloating(element.GetProperty("latency_ms")),
                element.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null,
                ReadTensors(element.GetProperty("inputs")),
                ReadTensors(element.GetProperty("outputs")));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or OverflowException or Core.Errors.SlipwayException)
        {
            throw new InvalidDataException($"Not an inference log record: {ex.Message}", ex);
        }
    }

    private static void WriteTensors(Utf8JsonWriter writer, ReadOnlySpan<byte> property, IReadOnlyList<InferenceTensor> tensors)
    {
        writer.WriteStartArray(property);
        foreach (var tensor in tensors)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, tensor.Name);
            writer.WriteString("datatype"u8, tensor.Datatype);
            writer.WriteStartArray("shape"u8);
            foreach (var dimension in tensor.Shape)
            {
                writer.WriteNumberValue(dimension);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("data"u8);
            WriteData(writer, tensor.Datatype, tensor.Data);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteData(Utf8JsonWriter writer, string datatype, Array data)
    {
        // One loop per element type: the values are written straight from the typed array with no boxing. The switch
        // is on the datatype, not on the array: the runtime lets an sbyte[] pass as a byte[] (and int[] as uint[],
        // long[] as ulong[]), so a type pattern would write INT8 -1 as 255.
        switch (datatype)
        {
            case OipDatatypes.Bool:
                foreach (var value in (bool[])data)
                {
                    writer.WriteBooleanValue(value);
                }

                break;
            case OipDatatypes.U8:
                foreach (var value in (byte[])data)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case OipDatatypes.U16:
                foreach (var value in (ushort[])data)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case OipDatatypes.U32:
                foreach (var value in (uint[])data)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case OipDatatypes.U64:
                foreach (var value in (ulong[])data)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case OipDatatypes.I8:
                foreach (var value in (sbyte[])data)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case OipDatatypes.I16:
                foreach (var value in (short[])data)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case OipDatatypes.I32:
                foreach (var value in (int[])data)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case OipDatatypes.I64:
                foreach (var value in (long[])data)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case OipDatatypes.Fp16:
                // Every half is exactly a float, and the shortest float text reads back to the same half.
                foreach (var value in (Half[])data)
                {
                    WriteFloating(writer, (float)value);
                }

                break;
            case OipDatatypes.Fp32:
                foreach (var value in (float[])data)
                {
                    WriteFloating(writer, value);
                }

                break;
            case OipDatatypes.Fp64:
                foreach (var value in (double[])data)
                {
                    WriteFloating(writer, value);
                }

                break;
            case OipDatatypes.Bytes:
                foreach (var value in (string[])data)
                {
                    writer.WriteStringValue(value);
                }

                break;
            default:
                throw new ArgumentException($"'{datatype}' is not an Open Inference Protocol datatype.", nameof(datatype));
        }
    }

    // Utf8JsonWriter refuses NaN and the infinities (JSON has no numbers for them); models do produce them, so they
    // are written as the names System.Text.Json itself uses for named floating-point literals.
    private static void WriteFloating(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? NaN : value > 0 ? PositiveInfinity : NegativeInfinity);
        }
    }

    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? NaN : value > 0 ? PositiveInfinity : NegativeInfinity);
        }
    }

    private static double ReadFloating(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString() switch
            {
                NaN => double.NaN,
                PositiveInfinity => double.PositiveInfinity,
                NegativeInfinity => double.NegativeInfinity,
                var other => throw new FormatException($"'{other}' is not a number."),
            }
            : element.GetDouble();

    private static float ReadSingle(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? (float)ReadFloating(element) : element.GetSingle();

    private static string RequiredString(JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? throw new FormatException($"'{property}' is null.");

    private static InferenceTensor[] ReadTensors(JsonElement array)
    {
        var tensors = new InferenceTensor[array.GetArrayLength()];
        var index = 0;
        foreach (var tensor in array.EnumerateArray())
        {
            var datatype = RequiredString(tensor, "datatype");
            var shapeElement = tensor.GetProperty("shape");
            var shape = new long[shapeElement.GetArrayLength()];
            var dimension = 0;
            foreach (var value in shapeElement.EnumerateArray())
            {
                shape[dimension++] = value.GetInt64();
            }

            tensors[index++] = new InferenceTensor(RequiredString(tensor, "name"), datatype, shape, ReadData(datatype, tensor.GetProperty("data")));
        }

        return tensors;
    }

    private static Array ReadData(string datatype, JsonElement array)
    {
        var data = TensorArrays.Create(datatype, array.GetArrayLength());
        var i = 0;
        foreach (var value in array.EnumerateArray())
        {
            switch (datatype)
            {
                case OipDatatypes.Bool: ((bool[])data)[i] = value.GetBoolean(); break;
                case OipDatatypes.U8: ((byte[])data)[i] = value.GetByte(); break;
                case OipDatatypes.U16: ((ushort[])data)[i] = value.GetUInt16(); break;
                case OipDatatypes.U32: ((uint[])data)[i] = value.GetUInt32(); break;
                case OipDatatypes.U64: ((ulong[])data)[i] = value.GetUInt64(); break;
                case OipDatatypes.I8: ((sbyte[])data)[i] = value.GetSByte(); break;
                case OipDatatypes.I16: ((short[])data)[i] = value.GetInt16(); break;
                case OipDatatypes.I32: ((int[])data)[i] = value.GetInt32(); break;
                case OipDatatypes.I64: ((long[])data)[i] = value.GetInt64(); break;
                case OipDatatypes.Fp16: ((Half[])data)[i] = (Half)ReadSingle(value); break;
                case OipDatatypes.Fp32: ((float[])data)[i] = ReadSingle(value); break;
                case OipDatatypes.Fp64: ((double[])data)[i] = ReadFloating(value); break;
                default: ((string[])data)[i] = value.GetString() ?? throw new FormatException("A BYTES element is null."); break;
            }

            i++;
        }

        return data;
    }
}
