using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols.Elements;

namespace Slipway.Serving.Protocols;

/// <summary>
/// Reads row-oriented instances (KServe V1 and TF Serving <c>instances</c>, MLflow <c>instances</c> and list
/// <c>inputs</c>) into one tensor per model input, the signature giving each its datatype and the shape of a row (its
/// shape after the first dimension).
/// </summary>
/// <remarks>
/// An instance is an object naming every input (<c>{"a": 1, "b": [1, 2]}</c>); for a model with one input it may
/// also be that input's row itself (a number for a <c>[-1]</c> input, a list of k for <c>[-1, k]</c>, nested lists
/// beyond); for a model whose inputs all take one value per row (ML.NET's columns) it may be a list of those values
/// in the signature's order. A row dimension of -1 is set by the first instance, and later ones must agree.
/// </remarks>
internal static class InstancesReader
{
    /// <summary>Reads the list the reader is on; <paramref name="what"/> names it in errors ("'instances'").</summary>
    public static List<InferenceTensor> Read(ref Utf8JsonReader reader, ModelSignature signature, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw SlipwayException.Invalid($"{what} must be a list of rows, not {JsonTokens.Describe(ref reader)}.");
        }

        var inputs = signature.Inputs;
        var buffers = new ElementBuffer[inputs.Count];
        var dims = new long[inputs.Count][];
        var allSingle = true;
        for (var i = 0; i < inputs.Count; i++)
        {
            RequireBatch(inputs[i]);
            buffers[i] = ElementKind.For(inputs[i].Datatype).CreateBuffer();
            dims[i] = [.. inputs[i].Shape.Skip(1)];
            allSingle &= dims[i].Length == 0;
        }

        var seen = new bool[inputs.Count];
        var rows = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadNamed(ref reader, signature, rows, buffers, dims, seen);
            }
            else if (inputs.Count == 1)
            {
                buffers[0].AppendValue(ref reader, dims[0], inputs[0], 1, ValueLocation.Instance(rows, inputs[0].Name));
            }
            else if (allSingle && reader.TokenType == JsonTokenType.StartArray)
            {
                ReadPositional(ref reader, signature, rows, buffers, dims);
            }
            else
            {
                throw SlipwayException.Invalid(
                    $"Instance {rows} is {JsonTokens.Describe(ref reader)}; with several inputs each instance must be an object naming them: {SignatureText.Names(inputs)}.");
            }

            rows++;
        }

        if (rows == 0)
        {
            throw SlipwayException.Invalid($"{what} is empty.");
        }

        var tensors = new List<InferenceTensor>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            tensors.Add(new InferenceTensor(inputs[i].Name, inputs[i].Datatype, [rows, .. dims[i]], buffers[i].ToArray()));
        }

        return tensors;
    }

    /// <summary>Refuses an input without a batch dimension, which rows cannot feed.</summary>
    public static void RequireBatch(TensorSpec input)
    {
        if (input.Shape.Count == 0)
        {
            throw SlipwayException.Invalid(
                $"Model {SignatureText.Input(input)} is a single value with no batch dimension, so it cannot be given as rows; use the V2 protocol.");
        }
    }

    private static void ReadNamed(
        ref Utf8JsonReader reader, ModelSignature signature, int row, ElementBuffer[] buffers, long[][] dims, bool[] seen)
    {
        var inputs = signature.Inputs;
        Array.Clear(seen);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = IndexOf(inputs, ref reader);
            if (index < 0)
            {
                throw SlipwayException.Invalid(
                    $"Instance {row} names '{reader.GetString()}', which is not an input of this model; it takes {SignatureText.Names(inputs)}.");
            }

            if (seen[index])
            {
                throw SlipwayException.Invalid($"Instance {row} gives '{inputs[index].Name}' more than once.");
            }

            seen[index] = true;
            reader.Read();
            buffers[index].AppendValue(ref reader, dims[index], inputs[index], 1, ValueLocation.Instance(row, inputs[index].Name));
        }

        var missing = inputs.Where((_, i) => !seen[i]).ToList();
        if (missing.Count > 0)
        {
            throw SlipwayException.Invalid($"Instance {row} has no {string.Join(", ", missing.Select(m => $"'{m.Name}'"))}.");
        }
    }

    private static void ReadPositional(ref Utf8JsonReader reader, ModelSignature signature, int row, ElementBuffer[] buffers, long[][] dims)
    {
        var inputs = signature.Inputs;
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index == inputs.Count)
            {
                throw SlipwayException.Invalid(
                    $"Instance {row} has more than {inputs.Count} values; the model takes one per input: {SignatureText.Names(inputs)}.");
            }

            buffers[index].AppendValue(ref reader, dims[index], inputs[index], 1, ValueLocation.Instance(row, inputs[index].Name));
            index++;
        }

        if (index != inputs.Count)
        {
            throw SlipwayException.Invalid(
                $"Instance {row} has {index} values; the model takes one per input: {SignatureText.Names(inputs)}.");
        }
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> inputs, ref Utf8JsonReader reader)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (reader.ValueTextEquals(inputs[i].Name))
            {
                return i;
            }
        }

        return -1;
    }
}
