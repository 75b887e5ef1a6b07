using Slipway.Serving.Inference;

namespace Slipway.Client.Deployments;

/// <summary>
/// A deployment's answer to a prediction: the name it answered under (<see cref="ModelName"/>: the deployment's
/// name, as the protocol calls it), the version that computed it, the request's id echoed (when it had one), the
/// outputs, and the <see cref="Route"/> the request took (<c>primary</c> or <c>canary</c>; null when the server does
/// not say). Each output's <see cref="InferenceTensor.Data"/> is the array its datatype names, as
/// <see cref="InferenceTensor"/> lists: <c>float[]</c> for FP32, <c>long[]</c> for INT64, <c>string[]</c> for BYTES,
/// <c>bool[]</c> for BOOL, and so on.
/// </summary>
public sealed record PredictionResult(string ModelName, string ModelVersion, string? Id, IReadOnlyList<InferenceTensor> Outputs, string? Route);
