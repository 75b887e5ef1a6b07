using Slipway.Serving.Models;

namespace Slipway.Client.Deployments;

/// <summary>
/// What the Open Inference Protocol's model metadata call says of a deployment: the versions it serves, the runtime
/// (<c>onnxruntime_onnx</c> or <c>mlnet_zip</c>) and the inputs and outputs a prediction takes and gives.
/// </summary>
public sealed record ServedModelInfo(string Name, IReadOnlyList<string> Versions, string Platform, ModelSignature Signature);
