using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// Moves tensors into and out of ONNX Runtime. Numeric inputs are pinned in place rather than copied; FP16 is
/// reinterpreted bit for bit, since <see cref="Half"/> and ONNX Runtime's <see cref="Float16"/> share a layout.
/// </summary>
internal static class OnnxValues
{
    public static OrtValue ToOrtValue(InferenceTensor tensor) => tensor.Data switch
    {
        float[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        double[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        long[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        int[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        short[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        sbyte[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        ulong[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        uint[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        ushort[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        byte[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        bool[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        Half[] a => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<Half, Float16>(a).ToArray(), tensor.Shape),
        string[] a => OrtValue.CreateFromStringTensor(new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<string>(a, [.. tensor.Shape.Select(d => checked((int)d))])),
        _ => throw new ArgumentException($"Tensor '{tensor.Name}' carries {tensor.Data.GetType().Name}, which has no ONNX element type.", nameof(tensor)),
    };

    public static InferenceTensor FromOrtValue(string name, string datatype, OrtValue value)
    {
        var shape = value.GetTensorTypeAndShape().Shape;
        Array data = datatype switch
        {
            OipDatatypes.Fp32 => value.GetTensorDataAsSpan<float>().ToArray(),
            OipDatatypes.Fp64 => value.GetTensorDataAsSpan<double>().ToArray(),
            OipDatatypes.I64 => value.GetTensorDataAsSpan<long>().ToArray(),
            OipDatatypes.I32 => value.GetTensorDataAsSpan<int>().ToArray(),
            OipDatatypes.I16 => value.GetTensorDataAsSpan<short>().ToArray(),
            OipDatatypes.I8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            OipDatatypes.U64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            OipDatatypes.U32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            OipDatatypes.U16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            OipDatatypes.U8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            OipDatatypes.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            OipDatatypes.Fp16 => MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()).ToArray(),
            _ => value.GetStringTensorAsArray(),
        };
        return new InferenceTensor(name, datatype, shape, data);
    }
}
