using Slipway.Serving.Models;

namespace Slipway.Serving.Batch;

/// <summary>
/// The DuckDB type each protocol datatype is read as and written as. Feature columns are cast in SQL, so DuckDB's
/// vectorised casts do the conversion (a DOUBLE or INTEGER column to FP32, text to numbers) and Arrow hands over
/// values already of the tensor's element type. A cast converts as DuckDB's CAST does: a floating-point value into an
/// integer input rounds to the nearest, a value out of the input type's range or text that is not a number is an
/// error. FP16 has no DuckDB type: it travels as FLOAT.
/// </summary>
internal static class DuckDbTypes
{
    public static string Of(string datatype) => datatype switch
    {
        OipDatatypes.Bool => "BOOLEAN",
        OipDatatypes.U8 => "UTINYINT",
        OipDatatypes.U16 => "USMALLINT",
        OipDatatypes.U32 => "UINTEGER",
        OipDatatypes.U64 => "UBIGINT",
        OipDatatypes.I8 => "TINYINT",
        OipDatatypes.I16 => "SMALLINT",
        OipDatatypes.I32 => "INTEGER",
        OipDatatypes.I64 => "BIGINT",
        OipDatatypes.Fp16 or OipDatatypes.Fp32 => "FLOAT",
        OipDatatypes.Fp64 => "DOUBLE",
        OipDatatypes.Bytes => "VARCHAR",
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "Not an Open Inference Protocol datatype."),
    };
}
