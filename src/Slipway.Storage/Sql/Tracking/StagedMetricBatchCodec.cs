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

    public static byte[] Encode(IReadOnlyList<MetricChunk> chunks)
    {
        var size = 1 + MaxLengthBytes;
        foreach (var chunk in chunks)
        {
            size += (2 * MaxLengthBytes) + Encoding.UTF8.GetMaxByteCount(chunk.Key.Length) + chunk.Data.Length;
        }

        var buffer = new byte[size];
        buffer[0] = FormatV1;
        var position = 1;
        position += MetricChunkCodec.WriteVarint(buffer.AsSpan(position), (ulong)chunks.Count);
        foreach (var chunk in chunks)
        {
            var keyLength = Encoding.UTF8.GetByteCount(chunk.Key);
            position += MetricChunkCodec.WriteVarint(buffer.AsSpan(position), (ulong)keyLength);
            position += Encoding.UTF8.GetBytes(chunk.Key, buffer.AsSpan(position));
            position += MetricChunkCodec.WriteVarint(buffer.AsSpan(position), (ulong)chunk.Data.Length);
            chunk.Data.CopyTo(buffer.AsSpan(position));
            position += chunk.Data.Length;
        }

        return position == buffer.Length ? buffer : buffer.AsSpan(0, position).ToArray();
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
