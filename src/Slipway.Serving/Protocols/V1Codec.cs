using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols;

/// <summary>
/// The KServe V1 (TF Serving style) protocol: <c>{"instances": [...]}</c> in, <c>{"predictions": [...]}</c> out,
/// one entry per row. The instances carry no datatypes or shapes; the model's signature supplies them.
/// </summary>
/// <remarks>
/// An instance is one row: for a model with one input, the input's row (a number for <c>[-1]</c>, a list of k for
/// <c>[-1, k]</c>, nested lists beyond); for several inputs, an object naming each (<c>{"a": 1, "b": [1, 2]}</c>), or,
/// when every input takes one value per row, a list of those values in the signature's order. A prediction is the
/// output's row for a single output, and an object naming each output's row for several. Errors are
/// <see cref="SlipwayException"/> INVALID_PARAMETER_VALUE naming the instance (counting from 0) and input.
/// </remarks>
public static class V1Codec
{
    private const string Expected = "a JSON object with 'instances'";

    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE for a body that is not V1 instances the signature can take.</exception>
    public static InferenceRequest ReadRequest(ReadOnlySpan<byte> json, ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var reader = JsonTokens.Open(json, Expected);
        try
        {
            JsonTokens.ReadStartObject(ref reader, Expected);
            List<InferenceTensor>? inputs = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isInstances = reader.ValueTextEquals("instances"u8);
                reader.Read();
                if (isInstances)
                {
                    inputs = InstancesReader.Read(ref reader, signature, "'instances'");
                }
                else
                {
                    reader.Skip();
                }
            }

            JsonTokens.ReadEnd(ref reader);
            return new InferenceRequest(inputs ?? throw SlipwayException.Invalid("The request has no 'instances'."), []);
        }
        catch (JsonException error)
        {
            throw JsonTokens.Malformed(error);
        }
    }

    /// <summary>Writes <c>{"predictions": [...]}</c> and flushes the writer.</summary>
    /// <exception cref="SlipwayException">When the outputs disagree on the number of rows.</exception>
    public static void WriteResponse(Utf8JsonWriter writer, InferenceResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        PredictionsWriter.Write(writer, response.Outputs, squeeze: false);
    }
}
