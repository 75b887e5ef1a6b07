using System.Text;
using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>An <see cref="ElementBuffer"/> of <typeparamref name="T"/>, read by <typeparamref name="TFormat"/>.</summary>
internal sealed class TypedElementBuffer<T, TFormat> : ElementBuffer
    where TFormat : IElementFormat<T>
{
    private const int StackRank = 16;
    private T[] _items = new T[16];
    private int _count;

    public override int Count => _count;

    public override string Expected => TFormat.Expected;

    public override void EnsureCount(int count)
    {
        Grow(count);
        _count = Math.Max(_count, count);
    }

    public override bool TrySet(int index, ref Utf8JsonReader reader) => TFormat.TryRead(ref reader, out _items[index]);

    public override bool TrySetText(int index, ReadOnlySpan<char> text) => TFormat.TryParse(text, out _items[index]);

    public override bool TrySetMissing(int index) => TFormat.TryMissing(out _items[index]);

    public override Array ToArray() => _items.AsSpan(0, _count).ToArray();

    public override void AppendValue(ref Utf8JsonReader reader, long[] dims, TensorSpec spec, int firstDim, ValueLocation where)
    {
        var rank = dims.Length;
        if (rank == 0)
        {
            if (!JsonTokens.IsValue(reader.TokenType))
            {
                throw SlipwayException.Invalid($"{where} is {JsonTokens.Describe(ref reader)} where {SignatureText.Input(spec)} needs a single value.");
            }

            Append(ref reader, where, element: -1);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw SlipwayException.Invalid($"{where} is {JsonTokens.Describe(ref reader)} where {SignatureText.Input(spec)} needs a list.");
        }

        // The same walk as V2's nested data, without recursion; counts[d] is how far the open list at depth d has got.
        Span<long> counts = rank <= StackRank ? stackalloc long[rank] : new long[rank];
        counts.Clear();
        var depth = 0;
        var element = 0;
        reader.Read();
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    if (dims[depth] < 0)
                    {
                        dims[depth] = counts[depth];
                    }
                    else if (counts[depth] != dims[depth])
                    {
                        throw Mismatch(counts, depth, dims, spec, firstDim, where, tooMany: false);
                    }

                    if (depth == 0)
                    {
                        return;
                    }

                    depth--;
                    counts[depth]++;
                    break;
                case JsonTokenType.StartArray:
                    if (depth == rank - 1)
                    {
                        throw SlipwayException.Invalid($"{where}: {Path(counts[..(depth + 1)])} is a list, nested deeper than {SignatureText.Input(spec)} takes.");
                    }

                    CheckRoom(counts, depth, dims, spec, firstDim, where);
                    depth++;
                    counts[depth] = 0;
                    break;
                default:
                    if (depth != rank - 1)
                    {
                        throw SlipwayException.Invalid(
                            $"{where}: {Path(counts[..(depth + 1)])} is {JsonTokens.Describe(ref reader)} where {SignatureText.Input(spec)} needs a list.");
                    }

                    CheckRoom(counts, depth, dims, spec, firstDim, where);
                    Append(ref reader, where, element);
                    element++;
                    counts[depth]++;
                    break;
            }

            reader.Read();
        }
    }

    private void Append(ref Utf8JsonReader reader, ValueLocation where, int element)
    {
        Grow(_count + 1);
        if (!TFormat.TryRead(ref reader, out _items[_count]))
        {
            var what = element < 0 ? $"{where} is" : $"{where}: element {element} is";
            throw SlipwayException.Invalid($"{what} {JsonTokens.Describe(ref reader)}, not {TFormat.Expected}.");
        }

        _count++;
    }

    private void Grow(int count)
    {
        if (count > _items.Length)
        {
            Array.Resize(ref _items, (int)Math.Min(Array.MaxLength, Math.Max(count, 2L * _items.Length)));
        }
    }

    private static void CheckRoom(Span<long> counts, int depth, long[] dims, TensorSpec spec, int firstDim, ValueLocation where)
    {
        if (dims[depth] >= 0 && counts[depth] >= dims[depth])
        {
            throw Mismatch(counts, depth, dims, spec, firstDim, where, tooMany: true);
        }
    }

    private static SlipwayException Mismatch(Span<long> counts, int depth, long[] dims, TensorSpec spec, int firstDim, ValueLocation where, bool tooMany)
    {
        var list = depth == 0 ? "the list" : $"list {Path(counts[..depth])}";
        var found = tooMany ? $"has more than {dims[depth]}" : $"has {counts[depth]}";
        var needs = spec.Shape[firstDim + depth] >= 0
            ? $"{SignatureText.Input(spec)} needs {dims[depth]}"
            : $"earlier lists at that depth have {dims[depth]}";
        return SlipwayException.Invalid($"{where}: {list} {found} elements but {needs}.");
    }

    private static string Path(ReadOnlySpan<long> indexes)
    {
        var path = new StringBuilder();
        foreach (var index in indexes)
        {
            path.Append('[').Append(index).Append(']');
        }

        return path.ToString();
    }
}
