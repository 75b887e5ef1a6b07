using System.Reflection;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// The .NET types ML.NET columns carry, the protocol datatypes they travel as, and the one place that turns a column's
/// item type into the generic code that reads or writes it.
/// </summary>
internal static class MlNetTypes
{
    /// <summary>
    /// The datatype a column item of <paramref name="raw"/> type travels as, or null for one the protocol has no name for
    /// (DateTime, TimeSpan, images ...). Text is <see cref="ReadOnlyMemory{T}"/> of char in ML.NET and BYTES on the wire.
    /// </summary>
    public static string? DatatypeOf(Type raw) => raw switch
    {
        var t when t == typeof(float) => OipDatatypes.Fp32,
        var t when t == typeof(double) => OipDatatypes.Fp64,
        var t when t == typeof(bool) => OipDatatypes.Bool,
        var t when t == typeof(sbyte) => OipDatatypes.I8,
        var t when t == typeof(short) => OipDatatypes.I16,
        var t when t == typeof(int) => OipDatatypes.I32,
        var t when t == typeof(long) => OipDatatypes.I64,
        var t when t == typeof(byte) => OipDatatypes.U8,
        var t when t == typeof(ushort) => OipDatatypes.U16,
        var t when t == typeof(uint) => OipDatatypes.U32,
        var t when t == typeof(ulong) => OipDatatypes.U64,
        var t when t == typeof(ReadOnlyMemory<char>) => OipDatatypes.Bytes,
        _ => null,
    };

    /// <summary>
    /// A delegate to the static <paramref name="method"/> of <paramref name="genericType"/> closed over
    /// <paramref name="item"/>. Built once per column when the model loads, so a prediction pays no reflection.
    /// </summary>
    public static TDelegate Bind<TDelegate>(Type genericType, Type item, string method)
        where TDelegate : Delegate =>
        genericType.MakeGenericType(item)
            .GetMethod(method, BindingFlags.Public | BindingFlags.Static)!
            .CreateDelegate<TDelegate>();
}
