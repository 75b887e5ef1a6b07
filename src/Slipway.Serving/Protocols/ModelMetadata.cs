using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols;

/// <summary>
/// The V2 model metadata response (<c>GET /v2/models/{name}[/versions/{version}]</c>): the model's name, the versions
/// served, the platform that runs it (<c>onnxruntime_onnx</c>, <c>mlnet</c>) and its inputs and outputs, with -1 for a
/// dimension of any size.
/// </summary>
public sealed record ModelMetadata(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs);
