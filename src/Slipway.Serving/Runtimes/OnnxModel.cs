using Microsoft.ML.OnnxRuntime;
using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// An ONNX model loaded into ONNX Runtime, with its signature read from the graph: input and output names, datatypes
/// and shapes (symbolic dimensions such as the batch read as -1).
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;

    private OnnxModel(InferenceSession session, ModelSignature signature)
    {
        _session = session;
        Signature = signature;
    }

    public ModelSignature Signature { get; }

    internal InferenceSession Session => _session;

    /// <exception cref="SlipwayException">When the file is not a model ONNX Runtime can load, or has an input or output the protocol cannot carry.</exception>
    public static OnnxModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw SlipwayException.NotFound($"There is no ONNX model at '{path}'.");
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(path);
        }
        catch (OnnxRuntimeException ex)
        {
            throw SlipwayException.Invalid($"'{Path.GetFileName(path)}' is not an ONNX model ONNX Runtime can load: {ex.Message}");
        }

        try
        {
            return new OnnxModel(session, new ModelSignature(Specs(session.InputMetadata), Specs(session.OutputMetadata)));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose() => _session.Dispose();

    private static List<TensorSpec> Specs(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        [.. nodes.Select(n => new TensorSpec(
            n.Key,
            n.Value.IsTensor
                ? OipDatatypes.Of(n.Value.ElementDataType)
                : throw SlipwayException.Invalid($"'{n.Key}' is a {n.Value.OnnxValueType}, not a tensor; only tensors can be served."),
            [.. n.Value.Dimensions.Select(d => d < 0 ? -1L : d)]))];
}
