using Microsoft.ML.OnnxRuntime.Tensors;
using Slipway.Core.Errors;

namespace Slipway.Serving.Models;

/// <summary>
/// The datatype names of the Open Inference Protocol and the ONNX element types they correspond to. The constants are
/// named U8 ... I64 (the analyzers keep type names out of identifiers); their values are the protocol's own.
/// </summary>
public static class OipDatatypes
{
    public const string Bool = "BOOL";
    public const string U8 = "UINT8";
    public const string U16 = "UINT16";
    public const string U32 = "UINT32";
    public const string U64 = "UINT64";
    public const string I8 = "INT8";
    public const string I16 = "INT16";
    public const string I32 = "INT32";
    public const string I64 = "INT64";
    public const string Fp16 = "FP16";
    public const string Fp32 = "FP32";
    public const string Fp64 = "FP64";
    public const string Bytes = "BYTES";

    /// <summary>Every datatype the protocol names, in its order.</summary>
    public static IReadOnlyList<string> All { get; } = [Bool, U8, U16, U32, U64, I8, I16, I32, I64, Fp16, Fp32, Fp64, Bytes];

    /// <exception cref="SlipwayException">For an ONNX element type the protocol has no name for (BFLOAT16, complex, ...).</exception>
    public static string Of(TensorElementType type) => type switch
    {
        TensorElementType.Bool => Bool,
        TensorElementType.UInt8 => U8,
        TensorElementType.UInt16 => U16,
        TensorElementType.UInt32 => U32,
        TensorElementType.UInt64 => U64,
        TensorElementType.Int8 => I8,
        TensorElementType.Int16 => I16,
        TensorElementType.Int32 => I32,
        TensorElementType.Int64 => I64,
        TensorElementType.Float16 => Fp16,
        TensorElementType.Float => Fp32,
        TensorElementType.Double => Fp64,
        TensorElementType.String => Bytes,
        _ => throw SlipwayException.Invalid($"ONNX element type {type} has no Open Inference Protocol datatype; the model cannot be served."),
    };
}
