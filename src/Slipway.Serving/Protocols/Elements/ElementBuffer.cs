using System.Text.Json;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>
/// A growing typed array that the row-oriented protocols (KServe V1, MLflow) fill when the row count is not known
/// up front: by position for dataframe cells, or by appending whole values for tensors given as nested lists.
/// </summary>
internal abstract class ElementBuffer
{
    /// <summary>The elements held: the highest position set or reserved, plus one.</summary>
    public abstract int Count { get; }

    /// <summary>What a value must be, for error messages.</summary>
    public abstract string Expected { get; }

    /// <summary>Reserves positions up to <paramref name="count"/> (a row about to be filled by position).</summary>
    public abstract void EnsureCount(int count);

    public abstract bool TrySet(int index, ref Utf8JsonReader reader);

    public abstract bool TrySetText(int index, ReadOnlySpan<char> text);

    /// <summary>Sets the value a missing cell becomes (NaN), or returns false when the datatype has none.</summary>
    public abstract bool TrySetMissing(int index);

    /// <summary>
    /// Appends the value at the reader: one value when <paramref name="dims"/> is empty, else nested lists of those
    /// dimensions. A dimension of -1 is set by the first list met at that depth, so later ones must agree with it;
    /// <paramref name="spec"/> and <paramref name="firstDim"/> (where <paramref name="dims"/> start in its shape)
    /// name what the model expects in errors.
    /// </summary>
    public abstract void AppendValue(ref Utf8JsonReader reader, long[] dims, TensorSpec spec, int firstDim, ValueLocation where);

    public abstract Array ToArray();
}
