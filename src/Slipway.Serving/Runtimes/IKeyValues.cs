namespace Slipway.Serving.Runtimes;

/// <summary>The values a key-typed column's keys stand for (its KeyValues annotation), such as a multiclass model's class names.</summary>
internal interface IKeyValues
{
    /// <summary>The value of each key: key k is value k - 1; key 0 (missing) and keys past the end are the value type's missing value.</summary>
    Array Map<TKey>(TKey[] keys);
}
