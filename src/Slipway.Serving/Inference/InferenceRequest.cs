namespace Slipway.Serving.Inference;

/// <summary>
/// One prediction request as every protocol decodes it: the inputs, the outputs asked for (all when empty), the
/// caller's id to echo and its free-form parameters.
/// </summary>
public sealed record InferenceRequest(
    IReadOnlyList<InferenceTensor> Inputs,
    IReadOnlyList<string> RequestedOutputs,
    string? Id = null,
    IReadOnlyDictionary<string, object?>? Parameters = null)
{
    /// <summary>The rows of the request: the first dimension its inputs share.</summary>
    public long Rows => Inputs.Count == 0 ? 0 : Inputs[0].Rows;
}
