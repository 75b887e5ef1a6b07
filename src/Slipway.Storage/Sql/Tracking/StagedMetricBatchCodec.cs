using System.Buffers;
using System.Text;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// The byte layout of a staged log call (one row of SQLite's <c>metric_batches</c>): a format byte, the number
/// of keys as a varint, then per key its UTF-8 length (varint), its UTF-8 bytes, the chunk's length (varint)
/// and the chunk's bytes in <see cref="MetricChunkCodec"/>'s layout. A reader looking for one key skips the
/// other keys' chunks without decoding them.
/// </summary>
internal static class StagedMetricBatchCodec
{
    private const byte FormatV1 = 1;

    /// <summary>The most bytes a varint of a 32-bit length takes.</summary>
    private const int MaxLengthBytes = 5;

    /// <summary>
    /// Encodes keys and their points: key <c>g</c>'s points are <c>points[starts[g]..starts[g + 1]]</c>, so
    /// <paramref name="starts"/> has one more element than <paramref name="keys"/>.
    /// </summary>
    public static byte[] Encode(IReadOnlyList<string> keys, ReadOnlySpan<MetricPoint> points, ReadOnlySpan<int> starts)
    {
        var size = 1 + MaxLengthBytes + MetricChunkCodec.MaxEncodedLength(points.Length);
        foreach (var key in keys)
        {
            size += (2 * MaxLengthBytes) + Encoding.UTF8.GetMaxByteCount(key.Length) + MetricChunkCodec.MaxEncodedLength(0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var output = buffer.AsSpan(0, size);
            output[0] = FormatV1;
            var position = 1;
            position += MetricChunkCodec.WriteVarint(output[position..], (ulong)keys.Count);
            for (var g = 0; g < keys.Count; g++)
            {
                var keyLength = Encoding.UTF8.GetByteCount(keys[g]);
                position += MetricChunkCodec.WriteVarint(output[position..], (ulong)keyLength);
                position += Encoding.UTF8.GetBytes(keys[g], output[position..]);

                // The chunk's length goes in front of it; written after it, then the chunk moved up if the varint is longer than reserved.
                var chunkStart = position + 1;
                var chunkLength = MetricChunkCodec.EncodeInto(output[chunkStart..], points[starts[g]..starts[g + 1]]);
                var lengthBytes = VarintLength((ulong)chunkLength);
                if (lengthBytes > 1)
                {
                    output.Slice(chunkStart, chunkLength).CopyTo(output[(position + lengthBytes)..]);
                }

                MetricChunkCodec.WriteVarint(output[position..], (ulong)chunkLength);
                position += lengthBytes + chunkLength;
            }

            return output[..position].ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends the points the batch holds for the key (given as UTF-8) to <paramref name="points"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a batch this version wrote.</exception>
    public static void DecodeKey(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key, List<MetricPoint> points)
    {
        var position = Start(data, out var keys);
        for (var i = 0; i < keys; i++)
        {
            var entryKey = Next(data, ref position, out var chunk);
            if (entryKey.SequenceEqual(key))
            {
                MetricChunkCodec.Decode(chunk, points);
            }
        }
    }

    /// <summary>Appends every key's points to its list in <paramref name="byKey"/>, adding lists for new keys.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a batch this version wrote.</exception>
    public static void DecodeAll(ReadOnlySpan<byte> data, Dictionary<string, List<MetricPoint>> byKey)
    {
        var lookup = byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        var position = Start(data, out var keys);
        Span<char> name = stackalloc char[256];
        for (var i = 0; i < keys; i++)
        {
            var entryKey = Next(data, ref position, out var chunk);
            var chars = entryKey.Length <= name.Length ? name : new char[entryKey.Length];
            var length = Encoding.UTF8.GetChars(entryKey, chars);
            if (!lookup.TryGetValue(chars[..length], out var list))
            {
                list = [];
                byKey.Add(new string(chars[..length]), list);
            }

            MetricChunkCodec.Decode(chunk, list);
        }
    }

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static int Start(ReadOnlySpan<byte> data, out int keys)
    {
        if (data.IsEmpty || data[0] != FormatV1)
        {
            throw new InvalidDataException($"Staged metric batch has unknown format {(data.IsEmpty ? "(empty)" : data[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        }

        var position = 1;
        keys = Length(data, ref position);
        return position;
    }

    /// <summary>Reads the entry at <paramref name="position"/>: returns its key's UTF-8 bytes, and its chunk's bytes in <paramref name="chunk"/>.</summary>
    private static ReadOnlySpan<byte> Next(ReadOnlySpan<byte> data, ref int position, out ReadOnlySpan<byte> chunk)
    {
        var keyLength = Length(data, ref position);
        var key = data.Slice(position, keyLength);
        position += keyLength;
        var chunkLength = Length(data, ref position);
        chunk = data.Slice(position, chunkLength);
        position += chunkLength;
        return key;
    }

    private static int Length(ReadOnlySpan<byte> data, ref int position)
    {
        var value = MetricChunkCodec.ReadVarint(data, ref position);
        if (value > (ulong)(data.Length - position))
        {
            throw new InvalidDataException("Staged metric batch ends inside an entry.");
        }

        return (int)value;
    }
}
