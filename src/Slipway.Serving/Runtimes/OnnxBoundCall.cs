using Microsoft.ML.OnnxRuntime;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// One reusable ONNX Runtime call for a fixed number of rows: pinned input and output buffers, their <see cref="OrtValue"/>s
/// and an <see cref="OrtIoBinding"/> that ties them to the graph, made once and kept in a pool by <see cref="OnnxModel"/>.
/// </summary>
/// <remarks>
/// Why: <see cref="OrtValue"/> has a finalizer, and a prediction through <c>InferenceSession.Run</c> makes two of them
/// (input and output) plus the wrapper's handle arrays and result list. Finalizable objects make every gen0 collection
/// slower (measured: a collection paused 3.2 ms with two per request against 0.33 ms without, server GC), and on a busy
/// server those pauses are its p99. A bound call copies the request into its buffers, runs, and copies the outputs into
/// plain arrays: no finalizable object and nothing from the wrapper per prediction.
/// </remarks>
internal sealed class OnnxBoundCall : IDisposable
{
    private readonly OrtIoBinding _binding;
    private readonly Array[] _inputs;
    private readonly Array[] _outputs;
    private readonly long[][] _outputShapes;
    private readonly List<OrtValue> _values = [];

    public OnnxBoundCall(InferenceSession session, ModelSignature signature, long rows)
    {
        _binding = session.CreateIoBinding();
        try
        {
            _inputs = new Array[signature.Inputs.Count];
            for (var i = 0; i < _inputs.Length; i++)
            {
                var spec = signature.Inputs[i];
                (_inputs[i], var value) = Buffer(spec.Datatype, ShapeFor(spec, rows));
                _values.Add(value);
                _binding.BindInput(spec.Name, value);
            }

            _outputs = new Array[signature.Outputs.Count];
            _outputShapes = new long[signature.Outputs.Count][];
            for (var i = 0; i < _outputs.Length; i++)
            {
                var spec = signature.Outputs[i];
                _outputShapes[i] = ShapeFor(spec, rows);
                (_outputs[i], var value) = Buffer(spec.Datatype, _outputShapes[i]);
                _values.Add(value);
                _binding.BindOutput(spec.Name, value);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether a model can be called this way: every input and output of a datatype kept here, with no size left open
    /// but the first (the rows), so every buffer's shape follows from the request's rows.
    /// </summary>
    public static bool Supports(ModelSignature signature) =>
        signature.Inputs.Concat(signature.Outputs).All(spec =>
            spec.Datatype is OipDatatypes.Fp32 or OipDatatypes.Fp64 or OipDatatypes.I64 or OipDatatypes.I32
            && spec.Shape.Skip(1).All(d => d >= 0));

    /// <summary>
    /// Runs on <paramref name="inputs"/>, which fit the signature (checked before) and have the rows this call was made for, and
    /// returns the outputs named (all when none are), each in an array of its own.
    /// </summary>
    public InferenceTensor[] Run(InferenceSession session, RunOptions options, ModelSignature signature, IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string> outputs)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var at = IndexOf(signature.Inputs, input.Name);
            Array.Copy(input.Data, _inputs[at], input.Data.Length);
        }

        session.RunWithBinding(options, _binding);
        var count = outputs.Count > 0 ? outputs.Count : _outputs.Length;
        var tensors = new InferenceTensor[count];
        for (var i = 0; i < count; i++)
        {
            var at = outputs.Count > 0 ? IndexOf(signature.Outputs, outputs[i]) : i;
            var spec = signature.Outputs[at];
            tensors[i] = new InferenceTensor(spec.Name, spec.Datatype, (long[])_outputShapes[at].Clone(), (Array)_outputs[at].Clone());
        }

        return tensors;
    }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }

    private static long[] ShapeFor(TensorSpec spec, long rows)
    {
        var shape = new long[spec.Shape.Count];
        for (var d = 0; d < shape.Length; d++)
        {
            shape[d] = d == 0 && spec.Shape[0] < 0 ? rows : spec.Shape[d];
        }

        return shape;
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> specs, string name) =>
        TensorSpecs.IndexOf(specs, name) is >= 0 and var at ? at : throw new InvalidOperationException($"'{name}' is not in this model's signature.");

    // Arrays on the pinned object heap: ONNX Runtime keeps their addresses for as long as this call lives.
    private static (Array Buffer, OrtValue Value) Buffer(string datatype, long[] shape)
    {
        var length = checked((int)TensorArrays.ElementCount(shape));
        return datatype switch
        {
            OipDatatypes.Fp32 => Pinned<float>(length, shape),
            OipDatatypes.Fp64 => Pinned<double>(length, shape),
            OipDatatypes.I64 => Pinned<long>(length, shape),
            OipDatatypes.I32 => Pinned<int>(length, shape),
            _ => throw new ArgumentException($"A bound call has no buffer for {datatype}.", nameof(datatype)),
        };
    }

    private static (Array Buffer, OrtValue Value) Pinned<T>(int length, long[] shape)
        where T : unmanaged
    {
        var buffer = GC.AllocateArray<T>(length, pinned: true);
        return (buffer, OrtValue.CreateTensorValueFromMemory(buffer, shape));
    }
}
