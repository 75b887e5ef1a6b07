using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Inference;

/// <summary>
/// Checks a decoded request against a model's signature before the runtime sees it, so every protocol refuses a wrong
/// name, datatype, shape or element count with the same message naming the input and what was expected.
/// </summary>
public static class SignatureCheck
{
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE naming the first input or output that does not fit.</exception>
    public static void Validate(ModelSignature signature, InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(request);
        // Runs on every prediction: no collections or closures are allocated unless a request is refused. Models have
        // a handful of inputs, so finding a spec by name and spotting a repeated input are plain scans.
        var inputs = request.Inputs;
        var specs = signature.Inputs;
        long? rows = null;
        string? rowsFrom = null;
        var matched = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var spec = Find(specs, input.Name)
                ?? throw SlipwayException.Invalid(
                    $"Input '{input.Name}' is not an input of this model; expected {Describe(signature.Inputs)}.");
            for (var j = 0; j < i; j++)
            {
                if (inputs[j].Name == input.Name)
                {
                    throw SlipwayException.Invalid($"Input '{input.Name}' is given more than once.");
                }
            }

            matched++;
            if (input.Datatype != spec.Datatype)
            {
                throw SlipwayException.Invalid($"Input '{input.Name}' is {input.Datatype} but the model expects {spec.Datatype}.");
            }

            if (!Fits(input.Shape, spec.Shape))
            {
                throw SlipwayException.Invalid(
                    $"Input '{input.Name}' has shape [{string.Join(", ", input.Shape)}] but the model expects [{string.Join(", ", spec.Shape)}] (-1: any size).");
            }

            var expected = TensorArrays.ElementCount(input.Shape);
            if (input.Data.LongLength != expected)
            {
                throw SlipwayException.Invalid(
                    $"Input '{input.Name}' has {input.Data.LongLength} values but its shape [{string.Join(", ", input.Shape)}] needs {expected}.");
            }

            if (spec.Shape.Count > 0 && spec.Shape[0] == -1)
            {
                if (rows is { } known && known != input.Rows)
                {
                    throw SlipwayException.Invalid(
                        $"Inputs disagree on the batch size: '{rowsFrom}' has {known} rows, '{input.Name}' has {input.Rows}.");
                }

                rows = input.Rows;
                rowsFrom = input.Name;
            }
        }

        // Every input matched a distinct spec, so fewer matches than specs means some spec has no input.
        if (matched < specs.Count)
        {
            var missing = specs.Where(s => !inputs.Any(i => i.Name == s.Name)).ToList();
            throw SlipwayException.Invalid($"Missing input{(missing.Count == 1 ? string.Empty : "s")}: {Describe(missing)}.");
        }

        foreach (var output in request.RequestedOutputs)
        {
            if (Find(signature.Outputs, output) is null)
            {
                throw SlipwayException.Invalid(
                    $"Output '{output}' is not an output of this model; it has {Describe(signature.Outputs)}.");
            }
        }
    }

    /// <summary>Whether a shape fits a signature shape: same rank, and every fixed dimension equal.</summary>
    public static bool Fits(IReadOnlyList<long> actual, IReadOnlyList<long> expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (actual.Count != expected.Count)
        {
            return false;
        }

        for (var i = 0; i < actual.Count; i++)
        {
            if (actual[i] < 0 || (expected[i] >= 0 && expected[i] != actual[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static TensorSpec? Find(IReadOnlyList<TensorSpec> specs, string name) =>
        TensorSpecs.IndexOf(specs, name) is >= 0 and var at ? specs[at] : null;

    private static string Describe(IEnumerable<TensorSpec> specs) =>
        string.Join(", ", specs.Select(s => $"{s.Name} ({s.Datatype}[{string.Join(", ", s.Shape)}])"));
}
