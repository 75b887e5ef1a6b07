using System.Buffers;
using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Protocols.Elements;

namespace Slipway.Serving.Protocols;

/// <summary>
/// Decodes an Open Inference Protocol (KServe V2) REST infer request:
/// <c>{"id", "parameters", "inputs": [{"name", "shape", "datatype", "parameters", "data"}], "outputs": [{"name"}]}</c>.
/// </summary>
/// <remarks>
/// The body is read once with <see cref="Utf8JsonReader"/>, each number parsed straight into the input's typed array;
/// no document is built. <c>data</c> may be flat or nested in row-major order (nested data must agree with the shape at
/// every level); its element count must be the shape's product; each value must fit the datatype (BOOL takes
/// true/false, BYTES takes strings, FP16/FP32/FP64 also take "NaN", "Infinity" and "-Infinity"). Unknown fields are
/// ignored. Input <c>parameters</c> are read past: the binary tensor data extension (<c>binary_data_size</c>) is not
/// supported. Every error is <see cref="SlipwayException"/> INVALID_PARAMETER_VALUE whose message names the input and
/// what was expected; elements count from 0 in row-major order.
/// </remarks>
public static class V2RequestReader
{
    private const string Expected = "a JSON object with 'inputs'";

    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE for a body that is not a valid V2 request.</exception>
    public static InferenceRequest Read(ReadOnlySpan<byte> json)
    {
        var reader = JsonTokens.Open(json, Expected);
        return Read(ref reader, json.Length);
    }

    /// <inheritdoc cref="Read(ReadOnlySpan{byte})"/>
    public static InferenceRequest Read(ReadOnlySequence<byte> json)
    {
        var reader = JsonTokens.Open(json, Expected);
        return Read(ref reader, json.Length);
    }

    private static InferenceRequest Read(ref Utf8JsonReader reader, long length)
    {
        try
        {
            return ReadRequest(ref reader, length);
        }
        catch (JsonException error)
        {
            throw JsonTokens.Malformed(error);
        }
    }

    private static InferenceRequest ReadRequest(ref Utf8JsonReader reader, long length)
    {
        JsonTokens.ReadStartObject(ref reader, Expected);
        string? id = null;
        Dictionary<string, object?>? parameters = null;
        List<InferenceTensor>? inputs = null;
        IReadOnlyList<string> outputs = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                inputs = ReadInputs(ref reader, length);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                outputs = ReadOutputs(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = JsonTokens.ReadString(ref reader) ?? throw JsonTokens.NotString(ref reader, "'id'");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                parameters = ParameterValues.Read(ref reader, "parameters");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        JsonTokens.ReadEnd(ref reader);
        if (inputs is null)
        {
            throw SlipwayException.Invalid("The request has no 'inputs'.");
        }

        return new InferenceRequest(inputs, outputs, id, parameters);
    }

    private static List<InferenceTensor> ReadInputs(ref Utf8JsonReader reader, long length)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw SlipwayException.Invalid($"'inputs' must be a list, not {JsonTokens.Describe(ref reader)}.");
        }

        var inputs = new List<InferenceTensor>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            inputs.Add(ReadInput(ref reader, inputs.Count, length));
        }

        if (inputs.Count == 0)
        {
            throw SlipwayException.Invalid("'inputs' is empty.");
        }

        return inputs;
    }

    private static InferenceTensor ReadInput(ref Utf8JsonReader reader, int position, long length)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw SlipwayException.Invalid(
                $"Input {position} must be an object with name, shape, datatype and data, not {JsonTokens.Describe(ref reader)}.");
        }

        string? name = null;
        ElementKind? kind = null;
        string? unknownDatatype = null;
        long[]? shape = null;
        Array? data = null;
        var dataAt = default(Utf8JsonReader);
        var dataDeferred = false;
        var binary = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.String ? TensorNames.Read(ref reader) : throw JsonTokens.NotString(ref reader, $"Input {position}'s 'name'");
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                kind = reader.TokenType == JsonTokenType.String ? ElementKind.Match(ref reader) : null;
                unknownDatatype = kind is null ? JsonTokens.Describe(ref reader) : null;
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                shape = ReadShape(ref reader, name, position);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (name is not null && kind is not null && shape is not null)
                {
                    // The usual order (name, shape, datatype, data): parse in this one pass.
                    data = ReadData(ref reader, name, kind, shape, length);
                }
                else
                {
                    // The data came first: keep the reader where it starts and parse once the rest is known.
                    dataAt = reader;
                    dataDeferred = true;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                binary |= HasBinaryData(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (name is null)
        {
            throw SlipwayException.Invalid($"Input {position} has no 'name'.");
        }

        if (kind is null)
        {
            throw SlipwayException.Invalid(unknownDatatype is null
                ? $"Input '{name}' has no 'datatype'."
                : $"Input '{name}': datatype {unknownDatatype} is not one of {string.Join(", ", Models.OipDatatypes.All)}.");
        }

        if (shape is null)
        {
            throw SlipwayException.Invalid($"Input '{name}' has no 'shape'.");
        }

        if (dataDeferred)
        {
            data = ReadData(ref dataAt, name, kind, shape, length);
        }

        if (data is null)
        {
            throw SlipwayException.Invalid(binary
                ? $"Input '{name}' sends its data in binary (binary_data_size), which this server does not support; send 'data' as JSON."
                : $"Input '{name}' has no 'data'.");
        }

        return new InferenceTensor(name, kind.Datatype, shape, data);
    }

    private static Array ReadData(ref Utf8JsonReader reader, string name, ElementKind kind, long[] shape, long length)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            count = dimension == 0 ? 0 : count <= long.MaxValue / dimension ? count * dimension : long.MaxValue;
        }

        // Every element takes at least a character and a separator, so a shape needing more than that cannot match
        // the body: its data is only walked, to report the count it does have, and no array of that size is made.
        var fits = count <= (length / 2) + 1 && count <= Array.MaxLength;
        return kind.ReadV2Data(ref reader, name, shape, count, fits)
            ?? throw SlipwayException.Invalid($"Input '{name}': shape {SignatureText.Shape(shape)} needs {count} values, more than the request holds.");
    }

    private static long[] ReadShape(ref Utf8JsonReader reader, string? name, int position)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw SlipwayException.Invalid($"{Label(name, position)}: shape must be a list of non-negative integers, not {JsonTokens.Describe(ref reader)}.");
        }

        Span<long> dimensions = stackalloc long[8];
        var rank = 0;
        long[]? spilled = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dimension) || dimension < 0)
            {
                throw SlipwayException.Invalid(
                    $"{Label(name, position)}: shape must be a list of non-negative integers; dimension {rank} is {JsonTokens.Describe(ref reader)}.");
            }

            if (rank == dimensions.Length)
            {
                spilled = new long[rank * 2];
                dimensions.CopyTo(spilled);
                dimensions = spilled;
            }

            dimensions[rank++] = dimension;
        }

        return dimensions[..rank].ToArray();
    }

    // An input by name, or by position while its name is not yet known.
    private static string Label(string? name, int position) => name is null ? $"Input {position}" : $"Input '{name}'";

    // Reads past an input's parameters, noting whether they announce binary data.
    private static bool HasBinaryData(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var binary = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            binary |= reader.ValueTextEquals("binary_data_size"u8);
            reader.Read();
            reader.Skip();
        }

        return binary;
    }

    private static string[] ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw SlipwayException.Invalid($"'outputs' must be a list, not {JsonTokens.Describe(ref reader)}.");
        }

        var outputs = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw SlipwayException.Invalid($"Requested output {outputs.Count} must be an object with a name, not {JsonTokens.Describe(ref reader)}.");
            }

            string? name = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    name = JsonTokens.ReadString(ref reader) ?? throw JsonTokens.NotString(ref reader, $"Requested output {outputs.Count}'s 'name'");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            outputs.Add(name ?? throw SlipwayException.Invalid($"Requested output {outputs.Count} has no 'name'."));
        }

        return [.. outputs];
    }
}
