namespace Slipway.Serving.Inference;

/// <summary>What a deployment answered: the model and version that computed it, and its outputs.</summary>
public sealed record InferenceResponse(
    string ModelName,
    string ModelVersion,
    IReadOnlyList<InferenceTensor> Outputs,
    string? Id = null,
    IReadOnlyDictionary<string, object?>? Parameters = null);
