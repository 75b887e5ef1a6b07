using System.Buffers.Binary;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// The byte layout of a metric chunk: a format byte, then per point the step and the timestamp as zig-zag
/// varints of their difference from the previous point's, and the value's 8 IEEE 754 bytes (little endian,
/// so NaN and infinities survive). Steps and timestamps of a training loop move by small amounts, so a point
/// takes 10 to 12 bytes instead of the 24 of three raw numbers.
/// </summary>
internal static class MetricChunkCodec
{
    private const byte FormatV1 = 1;

    /// <summary>The most bytes one point can take: two 10-byte varints and 8 value bytes.</summary>
    private const int MaxPointBytes = 28;

    public static byte[] Encode(ReadOnlySpan<MetricPoint> points)
    {
        var buffer = points.Length <= 512 ? stackalloc byte[MaxEncodedLength(points.Length)] : new byte[MaxEncodedLength(points.Length)];
        return buffer[..EncodeInto(buffer, points)].ToArray();
    }

    /// <summary>The most bytes <see cref="EncodeInto"/> writes for <paramref name="count"/> points.</summary>
    public static int MaxEncodedLength(int count) => 1 + (count * MaxPointBytes);

    /// <summary>Writes the chunk into <paramref name="destination"/> (at least <see cref="MaxEncodedLength"/> bytes); returns its length.</summary>
    public static int EncodeInto(Span<byte> destination, ReadOnlySpan<MetricPoint> points)
    {
        destination[0] = FormatV1;
        var position = 1;
        long step = 0;
        long timestamp = 0;
        foreach (var point in points)
        {
            position += WriteVarint(destination[position..], ZigZag(point.Step - step));
            position += WriteVarint(destination[position..], ZigZag(point.Timestamp - timestamp));
            BinaryPrimitives.WriteDoubleLittleEndian(destination[position..], point.Value);
            position += 8;
            step = point.Step;
            timestamp = point.Timestamp;
        }

        return position;
    }

    /// <summary>Appends the chunk's points to <paramref name="points"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a chunk this version wrote.</exception>
    public static void Decode(ReadOnlySpan<byte> data, List<MetricPoint> points)
    {
        if (data.IsEmpty || data[0] != FormatV1)
        {
            throw new InvalidDataException($"Metric chunk has unknown format {(data.IsEmpty ? "(empty)" : data[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        }

        var position = 1;
        long step = 0;
        long timestamp = 0;
        while (position < data.Length)
        {
            step += UnZigZag(ReadVarint(data, ref position));
            timestamp += UnZigZag(ReadVarint(data, ref position));
            if (data.Length - position < 8)
            {
                throw new InvalidDataException("Metric chunk ends inside a value.");
            }

            points.Add(new MetricPoint(step, timestamp, BinaryPrimitives.ReadDoubleLittleEndian(data[position..])));
            position += 8;
        }
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        var written = 0;
        while (value >= 0x80)
        {
            destination[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[written++] = (byte)value;
        return written;
    }

    /// <exception cref="InvalidDataException">The number is cut off or longer than 64 bits.</exception>
    public static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("Metric chunk ends inside a number.");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Metric chunk holds a number longer than 64 bits.");
    }
}
