using System.Collections.Concurrent;
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

    // Reusable calls by row count, for the small requests of online serving (OnnxBoundCall says why); null for a
    // model whose buffers cannot be sized from the rows alone. Given up for good if the model's outputs turn out not to
    // follow its inputs' rows.
    private readonly ConcurrentDictionary<long, ConcurrentBag<OnnxBoundCall>>? _bound;
    private volatile bool _boundFailed;

    /// <summary>Requests of up to this many rows use a bound call; larger ones spread the per-call cost over their rows.</summary>
    internal const long MaxBoundRows = 64;

    private OnnxModel(InferenceSession session, ModelSignature signature)
    {
        _session = session;
        Signature = signature;
        _inputNames = [.. signature.Inputs.Select(i => i.Name)];
        _outputNames = [.. signature.Outputs.Select(o => o.Name)];
        _bound = OnnxBoundCall.Supports(signature) ? new() : null;
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
        var boundFailed = false;
        if (_bound is not null && !_boundFailed && inputs.Count > 0 && inputs[0].Rows is > 0 and <= MaxBoundRows)
        {
            if (TryPredictBound(inputs, outputs) is { } bound)
            {
                return bound;
            }

            boundFailed = true;
        }

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

            // The bound call failed where this path succeeds: the model's outputs do not follow its rows, so it goes
            // this way from now on. Had this failed too, the request was at fault, not the bound call.
            if (boundFailed)
            {
                _boundFailed = true;
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

    private InferenceTensor[]? TryPredictBound(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string> outputs)
    {
        var rows = inputs[0].Rows;
        var pool = _bound!.GetOrAdd(rows, static _ => []);
        OnnxBoundCall? call = null;
        try
        {
            if (!pool.TryTake(out call))
            {
                call = new OnnxBoundCall(_session, Signature, rows);
            }

            var tensors = call.Run(_session, RunOptions, Signature, inputs, outputs);
            pool.Add(call);
            return tensors;
        }
        catch (OnnxRuntimeException)
        {
            // An output whose first dimension is not the rows (a model that appends or aggregates), or an input the
            // model cannot compute: the general path, which reads each output's shape from the result, tells which.
            call?.Dispose();
            return null;
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

    private string OutputDatatype(string name) =>
        TensorSpecs.IndexOf(Signature.Outputs, name) is >= 0 and var at
            ? Signature.Outputs[at].Datatype
            : throw new InvalidOperationException($"'{name}' is not an output of this model.");

    public void Dispose()
    {
        foreach (var pool in _bound?.Values ?? [])
        {
            while (pool.TryTake(out var call))
            {
                call.Dispose();
            }
        }

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
