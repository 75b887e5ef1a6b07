using Microsoft.ML.OnnxRuntime;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// An ONNX model loaded into ONNX Runtime, with its signature read from the graph: input and output names, datatypes
/// and shapes (symbolic dimensions such as the batch read as -1).
/// </summary>
public sealed class OnnxModel : IModelRuntime
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OnnxModel(InferenceSession session, ModelSignature signature)
    {
        _session = session;
        Signature = signature;
        _inputNames = [.. signature.Inputs.Select(i => i.Name)];
        _outputNames = [.. signature.Outputs.Select(o => o.Name)];
    }

    private RunOptions RunOptions => _runOptions;

    public string Kind => "onnx";

    public ModelSignature Signature { get; }

    internal InferenceSession Session => _session;

    /// <exception cref="SlipwayException">When the file is not a model ONNX Runtime can load, or has an input or output the protocol cannot carry.</exception>
    public static OnnxModel Load(string path, int intraOpThreads = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw SlipwayException.NotFound($"There is no ONNX model at '{path}'.");
        }

        InferenceSession session;
        try
        {
            // One thread per call: concurrent requests already use every core, and a second pool would fight them.
            using var options = new SessionOptions
            {
                IntraOpNumThreads = intraOpThreads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = new InferenceSession(path, options);
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

    public IReadOnlyList<InferenceTensor> Predict(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var ordered = InSignatureOrder(inputs);
        var names = ordered ? _inputNames : new string[inputs.Count];
        var values = new OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                if (!ordered)
                {
                    names[i] = inputs[i].Name;
                }

                values[i] = OnnxValues.ToOrtValue(inputs[i]);
            }

            var outputNames = outputs.Count > 0 ? outputs : _outputNames;
            using var results = _session.Run(RunOptions, names, values, outputNames);
            var tensors = new InferenceTensor[outputNames.Count];
            for (var i = 0; i < tensors.Length; i++)
            {
                tensors[i] = OnnxValues.FromOrtValue(outputNames[i], OutputDatatype(outputNames[i]), results[i]);
            }

            return tensors;
        }
        catch (OnnxRuntimeException ex)
        {
            throw SlipwayException.Invalid($"The model could not compute this input: {ex.Message}");
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    /// <summary>Whether the inputs come in the graph's order, as they nearly always do: then the names array is the model's own.</summary>
    private bool InSignatureOrder(IReadOnlyList<InferenceTensor> inputs)
    {
        if (inputs.Count != _inputNames.Length)
        {
            return false;
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Name != _inputNames[i])
            {
                return false;
            }
        }

        return true;
    }

    // A scan rather than LINQ: this runs for every output of every prediction, and a lambda would allocate each time.
    private string OutputDatatype(string name)
    {
        foreach (var spec in Signature.Outputs)
        {
            if (spec.Name == name)
            {
                return spec.Datatype;
            }
        }

        throw new InvalidOperationException($"'{name}' is not an output of this model.");
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static List<TensorSpec> Specs(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        [.. nodes.Select(n => new TensorSpec(
            n.Key,
            n.Value.IsTensor
                ? OipDatatypes.Of(n.Value.ElementDataType)
                : throw SlipwayException.Invalid($"'{n.Key}' is a {n.Value.OnnxValueType}, not a tensor; only tensors can be served."),
            [.. n.Value.Dimensions.Select(d => d < 0 ? -1L : d)]))];
}
