using System.Buffers.Binary;
using SkiaSharp;

namespace Slipway.Data.Tests.Images;

/// <summary>Real PNG and JPEG files made in memory, and a look at what a thumbnail decodes to.</summary>
internal static class TestImages
{
    /// <summary>An image whose left half is <paramref name="left"/> and right half <paramref name="right"/>.</summary>
    public static byte[] Encode(SKEncodedImageFormat format, int width, int height, SKColor? left = null, SKColor? right = null)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint { Color = left ?? SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, paint);
            paint.Color = right ?? SKColors.Blue;
            canvas.DrawRect(width / 2f, 0, width - (width / 2f), height, paint);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Png(int width, int height) => Encode(SKEncodedImageFormat.Png, width, height);

    public static byte[] Jpeg(int width, int height) => Encode(SKEncodedImageFormat.Jpeg, width, height);

    /// <summary>A PNG of random pixels, which compresses to about its raw size: a file far larger than its header.</summary>
    public static byte[] NoisyPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        new Random(42).NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = byte.MaxValue;
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// <paramref name="jpeg"/> with APP segments inserted after its start marker: an EXIF block carrying
    /// <paramref name="orientation"/> when given, then <paramref name="padding"/> bytes of APP15 filler, as cameras and
    /// editors add previews and profiles before the frame header.
    /// </summary>
    public static byte[] WithJpegSegments(byte[] jpeg, ushort? orientation = null, int padding = 0)
    {
        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2);
        if (orientation is { } value)
        {
            // "Exif\0\0", then a big-endian TIFF header and one IFD with one entry: Orientation (0x0112), SHORT, 1.
            byte[] exif =
            [
                (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
                (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
                0, 1,
                0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(value >> 8), (byte)value, 0, 0,
                0, 0, 0, 0,
            ];
            WriteSegment(output, 0xE1, exif);
        }

        for (var left = padding; left > 0; left -= ushort.MaxValue - 2)
        {
            WriteSegment(output, 0xEF, new byte[Math.Min(left, ushort.MaxValue - 2)]);
        }

        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    public static SKBitmap Decode(byte[] encoded) =>
        SKBitmap.Decode(encoded) ?? throw new InvalidOperationException("The thumbnail does not decode.");

    public static SKEncodedImageFormat FormatOf(byte[] encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("Not an image.");
        return codec.EncodedFormat;
    }

    private static void WriteSegment(MemoryStream output, byte marker, byte[] payload)
    {
        Span<byte> header = stackalloc byte[4];
        header[0] = 0xFF;
        header[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(payload.Length + 2));
        output.Write(header);
        output.Write(payload);
    }
}
