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
    // Chosen by datatype, not by the array's type: the runtime lets a uint[] pass as an int[] (and likewise for every
    // signed and unsigned pair), so a pattern on the array would send UINT32 to ONNX Runtime as INT32.
    public static OrtValue ToOrtValue(InferenceTensor tensor) => tensor.Datatype switch
    {
        OipDatatypes.Fp32 => OrtValue.CreateTensorValueFromMemory((float[])tensor.Data, tensor.Shape),
        OipDatatypes.Fp64 => OrtValue.CreateTensorValueFromMemory((double[])tensor.Data, tensor.Shape),
        OipDatatypes.I64 => OrtValue.CreateTensorValueFromMemory((long[])tensor.Data, tensor.Shape),
        OipDatatypes.I32 => OrtValue.CreateTensorValueFromMemory((int[])tensor.Data, tensor.Shape),
        OipDatatypes.I16 => OrtValue.CreateTensorValueFromMemory((short[])tensor.Data, tensor.Shape),
        OipDatatypes.I8 => OrtValue.CreateTensorValueFromMemory((sbyte[])tensor.Data, tensor.Shape),
        OipDatatypes.U64 => OrtValue.CreateTensorValueFromMemory((ulong[])tensor.Data, tensor.Shape),
        OipDatatypes.U32 => OrtValue.CreateTensorValueFromMemory((uint[])tensor.Data, tensor.Shape),
        OipDatatypes.U16 => OrtValue.CreateTensorValueFromMemory((ushort[])tensor.Data, tensor.Shape),
        OipDatatypes.U8 => OrtValue.CreateTensorValueFromMemory((byte[])tensor.Data, tensor.Shape),
        OipDatatypes.Bool => OrtValue.CreateTensorValueFromMemory((bool[])tensor.Data, tensor.Shape),
        OipDatatypes.Fp16 => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<Half, Float16>((Half[])tensor.Data).ToArray(), tensor.Shape),
        OipDatatypes.Bytes => OrtValue.CreateFromStringTensor(new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<string>((string[])tensor.Data, [.. tensor.Shape.Select(d => checked((int)d))])),
        _ => throw new ArgumentException($"Tensor '{tensor.Name}' has datatype {tensor.Datatype}, which has no ONNX element type.", nameof(tensor)),
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
