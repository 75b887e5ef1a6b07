using Microsoft.ML;
using Microsoft.ML.Data;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// The KeyValues annotation of a key-typed column as an array of <typeparamref name="TValue"/>. A missing key maps to
/// what ML.NET uses for a missing value: NaN for floating point, empty text, otherwise the default.
/// </summary>
internal sealed class KeyValues<TValue> : IKeyValues
{
    private readonly TValue[] _values;
    private readonly TValue _missing;

    private KeyValues(TValue[] values)
    {
        _values = values;
        _missing = typeof(TValue) == typeof(float) ? (TValue)(object)float.NaN
            : typeof(TValue) == typeof(double) ? (TValue)(object)double.NaN
            : default!;
    }

    public static IKeyValues Read(DataViewSchema.Column column)
    {
        VBuffer<TValue> buffer = default;
        column.GetKeyValues(ref buffer);
        return new KeyValues<TValue>([.. buffer.DenseValues()]);
    }

    public Array Map<TKey>(TKey[] keys)
    {
        var mapped = new TValue[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = Index(keys[i]);
            mapped[i] = key == 0 || key > (ulong)_values.Length ? _missing : _values[key - 1];
        }

        return mapped;
    }

    // Keys are stored as one of four unsigned types; the JIT reduces this to the one branch TKey takes.
    private static ulong Index<TKey>(TKey key) => key switch
    {
        uint k => k,
        byte k => k,
        ushort k => k,
        ulong k => k,
        _ => throw new InvalidOperationException($"{typeof(TKey)} is not a key type."),
    };
}
