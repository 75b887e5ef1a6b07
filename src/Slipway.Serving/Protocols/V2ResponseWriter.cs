using System.Text.Json;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols.Elements;

namespace Slipway.Serving.Protocols;

/// <summary>
/// Writes the Open Inference Protocol (KServe V2) REST responses: inference, server and model metadata, and errors.
/// Each method writes one JSON value and flushes the writer.
/// </summary>
/// <remarks>
/// Output data is written flat in row-major order, as the protocol's reference servers do. FP16 is written as a
/// number: the shortest text that reads back as the same FP16 (0.1 rather than 0.0999755859375; -65500 for -65504). NaN and the infinities, which JSON has no number for, are written as the
/// strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, which <see cref="V2RequestReader"/> reads back:
/// the body stays valid JSON and the three stay distinct (null would merge them). The writer's options are the
/// caller's: <c>JavaScriptEncoder.UnsafeRelaxedJsonEscaping</c> keeps non-ASCII BYTES unescaped, and
/// <c>SkipValidation</c> saves a little per value.
/// </remarks>
public static class V2ResponseWriter
{
    /// <summary><c>{"model_name", "model_version", "id", "parameters", "outputs": [{"name", "datatype", "shape", "data"}]}</c>; version, id and parameters only when set.</summary>
    public static void Write(Utf8JsonWriter writer, InferenceResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, response.ModelName);
        if (!string.IsNullOrEmpty(response.ModelVersion))
        {
            writer.WriteString("model_version"u8, response.ModelVersion);
        }

        if (response.Id is not null)
        {
            writer.WriteString("id"u8, response.Id);
        }

        if (response.Parameters is { Count: > 0 } parameters)
        {
            writer.WritePropertyName("parameters"u8);
            ParameterValues.Write(writer, parameters);
        }

        writer.WriteStartArray("outputs"u8);
        // An index loop: foreach over the IReadOnlyList would allocate an enumerator on every response.
        var outputs = response.Outputs;
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            writer.WriteStartObject();
            writer.WriteString("name"u8, output.Name);
            writer.WriteString("datatype"u8, output.Datatype);
            WriteShape(writer, output.Shape);
            writer.WritePropertyName("data"u8);
            ElementKind.For(output.Datatype).WriteFlat(writer, output.Data);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary><c>{"name", "version", "extensions": [...]}</c>.</summary>
    public static void WriteServerMetadata(Utf8JsonWriter writer, ServerMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metadata);
        writer.WriteStartObject();
        writer.WriteString("name"u8, metadata.Name);
        writer.WriteString("version"u8, metadata.Version);
        writer.WriteStartArray("extensions"u8);
        foreach (var extension in metadata.Extensions)
        {
            writer.WriteStringValue(extension);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary><c>{"name", "versions", "platform", "inputs": [{"name", "datatype", "shape"}], "outputs": [...]}</c>.</summary>
    public static void WriteModelMetadata(Utf8JsonWriter writer, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metadata);
        writer.WriteStartObject();
        writer.WriteString("name"u8, metadata.Name);
        writer.WriteStartArray("versions"u8);
        foreach (var version in metadata.Versions)
        {
            writer.WriteStringValue(version);
        }

        writer.WriteEndArray();
        writer.WriteString("platform"u8, metadata.Platform);
        WriteSpecs(writer, "inputs"u8, metadata.Inputs);
        WriteSpecs(writer, "outputs"u8, metadata.Outputs);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary><c>{"error": "message"}</c>, the protocol's error body for every endpoint.</summary>
    public static void WriteError(Utf8JsonWriter writer, string message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("error"u8, message);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteSpecs(Utf8JsonWriter writer, ReadOnlySpan<byte> property, IReadOnlyList<TensorSpec> specs)
    {
        writer.WriteStartArray(property);
        foreach (var spec in specs)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, spec.Name);
            writer.WriteString("datatype"u8, spec.Datatype);
            WriteShape(writer, spec.Shape);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteShape(Utf8JsonWriter writer, IReadOnlyList<long> shape)
    {
        writer.WriteStartArray("shape"u8);
        for (var i = 0; i < shape.Count; i++)
        {
            writer.WriteNumberValue(shape[i]);
        }

        writer.WriteEndArray();
    }
}
