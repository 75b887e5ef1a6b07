using System.Text;
using System.Text.Json;
using Slipway.Core.Errors;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>
/// Reads a V2 input's <c>data</c> straight into its typed array. The protocol allows the data flat (any shape, the
/// element count must be the shape's product) or nested in row-major order; nested data must agree with the shape
/// at every level, so a transposed or ragged tensor is refused rather than silently reinterpreted.
/// </summary>
internal static class V2DataReader
{
    // A shape deeper than this is tracked on the heap; the reader's own depth limit (64) bounds nesting anyway.
    private const int StackRank = 16;

    public static T[]? Read<T, TFormat>(ref Utf8JsonReader reader, string input, long[] shape, long count, bool allocate)
        where TFormat : IElementFormat<T>
    {
        var data = allocate ? new T[count] : null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            // A lone value for a one-element tensor, as numpy would read it.
            if (count == 1 && JsonTokens.IsValue(reader.TokenType))
            {
                Store<T, TFormat>(ref reader, data, 0, input);
                return data;
            }

            throw SlipwayException.Invalid($"Input '{input}': data must be a list, not {JsonTokens.Describe(ref reader)}.");
        }

        reader.Read();
        return reader.TokenType == JsonTokenType.StartArray
            ? ReadNested<T, TFormat>(ref reader, input, shape, data)
            : ReadFlat<T, TFormat>(ref reader, input, shape, count, data);
    }

    private static T[]? ReadFlat<T, TFormat>(ref Utf8JsonReader reader, string input, long[] shape, long count, T[]? data)
        where TFormat : IElementFormat<T>
    {
        long index = 0;
        for (; reader.TokenType != JsonTokenType.EndArray; reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                throw SlipwayException.Invalid($"Input '{input}': data mixes values and lists: element {index} is a list.");
            }

            if (index < count)
            {
                Store<T, TFormat>(ref reader, data, index, input);
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                reader.Skip();
            }

            index++;
        }

        if (index != count)
        {
            throw SlipwayException.Invalid($"Input '{input}' has {index} values but shape {Format(shape)} needs {count}.");
        }

        return data;
    }

    // Walks the lists without recursion: counts[d] is how many elements the open list at depth d has had so far.
    private static T[]? ReadNested<T, TFormat>(ref Utf8JsonReader reader, string input, long[] shape, T[]? data)
        where TFormat : IElementFormat<T>
    {
        var rank = shape.Length;
        if (rank < 2)
        {
            throw SlipwayException.Invalid($"Input '{input}': data is nested but shape {Format(shape)} has {(rank == 0 ? "no dimensions" : "one dimension")}.");
        }

        Span<long> counts = rank <= StackRank ? stackalloc long[rank] : new long[rank];
        counts.Clear();
        var depth = 0;
        long index = 0;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    if (counts[depth] != shape[depth])
                    {
                        throw SlipwayException.Invalid(
                            $"Input '{input}': {Path(counts[..depth])} has {counts[depth]} elements but shape {Format(shape)} needs {shape[depth]} in dimension {depth}.");
                    }

                    if (depth == 0)
                    {
                        return data;
                    }

                    depth--;
                    counts[depth]++;
                    break;
                case JsonTokenType.StartArray:
                    if (depth == rank - 1)
                    {
                        throw SlipwayException.Invalid($"Input '{input}': {Path(counts[..(depth + 1)])} is a list, nested deeper than shape {Format(shape)}.");
                    }

                    CheckRoom(counts, depth, shape, input);
                    depth++;
                    counts[depth] = 0;
                    break;
                default:
                    if (depth != rank - 1)
                    {
                        throw SlipwayException.Invalid(
                            $"Input '{input}': {Path(counts[..(depth + 1)])} is {JsonTokens.Describe(ref reader)} where shape {Format(shape)} needs a list of {shape[depth + 1]}.");
                    }

                    CheckRoom(counts, depth, shape, input);
                    Store<T, TFormat>(ref reader, data, index, input);
                    index++;
                    counts[depth]++;
                    break;
            }

            reader.Read();
        }
    }

    private static void Store<T, TFormat>(ref Utf8JsonReader reader, T[]? data, long index, string input)
        where TFormat : IElementFormat<T>
    {
        if (data is null)
        {
            // Only checking the structure: the shape needs more elements than the body can hold.
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                reader.Skip();
            }

            return;
        }

        if (!TFormat.TryRead(ref reader, out data[index]))
        {
            throw SlipwayException.Invalid($"Input '{input}': element {index} is {JsonTokens.Describe(ref reader)}, not {TFormat.Expected}.");
        }
    }

    private static void CheckRoom(Span<long> counts, int depth, long[] shape, string input)
    {
        if (counts[depth] >= shape[depth])
        {
            throw SlipwayException.Invalid(
                $"Input '{input}': {Path(counts[..depth])} has more than {shape[depth]} elements but shape {Format(shape)} needs {shape[depth]} in dimension {depth}.");
        }
    }

    private static string Path(ReadOnlySpan<long> indexes)
    {
        var path = new StringBuilder("data");
        foreach (var index in indexes)
        {
            path.Append('[').Append(index).Append(']');
        }

        return path.ToString();
    }

    private static string Format(ReadOnlySpan<long> shape) => SignatureText.Shape(shape);
}
