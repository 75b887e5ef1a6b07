using SkiaSharp;
using Slipway.Core.Errors;

namespace Slipway.Data.Images;

/// <summary>
/// Small previews of PNG and JPEG images for the UI: the longest side at most the size asked for, aspect ratio kept,
/// never enlarged, turned upright as the camera's EXIF orientation says (the preview carries no EXIF of its own), in
/// sRGB. A JPEG, or a PNG when the picture has transparency a JPEG would lose.
/// </summary>
public static class ThumbnailRenderer
{
    public const int DefaultMaxSize = 256;
    public const int MaxMaxSize = 4096;

    /// <summary>Files read at most: beyond this a "thumbnail" request is a way to make the server buffer anything.</summary>
    public const int MaxImageBytes = 256 * 1024 * 1024;

    /// <summary>Pixels decoded at most (8192 x 8192, 256 MiB): a small PNG can declare a huge canvas.</summary>
    public const long MaxDecodedPixels = 8192L * 8192;

    private const int JpegQuality = 85;

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads <paramref name="image"/> to its end and renders its thumbnail; see <see cref="Render"/>.</summary>
    public static async Task<byte[]> RenderAsync(Stream image, int maxSize = DefaultMaxSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await image.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxImageBytes)
            {
                throw SlipwayException.Invalid($"Cannot make a thumbnail of a file over {MaxImageBytes / (1024 * 1024)} MiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Render(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), maxSize);
    }

    /// <summary>
    /// The thumbnail of an encoded PNG or JPEG image, its longest side at most <paramref name="maxSize"/> pixels;
    /// <see cref="MediaTypeOf"/> tells which format it is.
    /// </summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE when the bytes are not a decodable PNG or JPEG image
    /// (the message says why), or when the image or <paramref name="maxSize"/> is too large.</exception>
    public static byte[] Render(ReadOnlySpan<byte> image, int maxSize = DefaultMaxSize)
    {
        if (maxSize is < 1 or > MaxMaxSize)
        {
            throw SlipwayException.Invalid($"Invalid thumbnail size {maxSize}: expected 1 to {MaxMaxSize} pixels.");
        }

        if (image.IsEmpty)
        {
            throw SlipwayException.Invalid("Cannot make a thumbnail: the file is empty, not a PNG or JPEG image.");
        }

        using var data = SKData.CreateCopy(image);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var opened);
        if (codec is null)
        {
            throw SlipwayException.Invalid($"Cannot make a thumbnail: the file is not a decodable PNG or JPEG image ({Describe(opened)}).");
        }

        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            throw SlipwayException.Invalid($"Cannot make a thumbnail: the file is a {codec.EncodedFormat.ToString().ToUpperInvariant()} image; thumbnails are made of PNG and JPEG images.");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var scale = Math.Min(1.0, (double)maxSize / Math.Max(width, height));
        var (thumbWidth, thumbHeight) = (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));

        using var decoded = Decode(codec, scale);
        var origin = codec.EncodedOrigin;
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        using var thumbnail = new SKBitmap(turned
            ? new SKImageInfo(thumbHeight, thumbWidth, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb())
            : new SKImageInfo(thumbWidth, thumbHeight, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()));
        using (var canvas = new SKCanvas(thumbnail))
        using (var source = SKImage.FromBitmap(decoded))
        {
            canvas.Clear(SKColors.Transparent);
            canvas.SetMatrix(Upright(origin, thumbWidth, thumbHeight));

            // Mipmaps average every source pixel into the result; a plain filter over a large reduction samples a few
            // and shimmers (moire on fabric, jagged thin lines).
            canvas.DrawImage(source, SKRect.Create(thumbWidth, thumbHeight), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        var format = codec.Info.AlphaType != SKAlphaType.Opaque && HasTransparency(thumbnail)
            ? SKEncodedImageFormat.Png
            : SKEncodedImageFormat.Jpeg;
        using var encoded = thumbnail.Encode(format, JpegQuality);
        return encoded.ToArray();
    }

    /// <summary>The media type of a thumbnail <see cref="Render"/> made: image/png or image/jpeg.</summary>
    public static string MediaTypeOf(ReadOnlySpan<byte> thumbnail) =>
        thumbnail.StartsWith(PngSignature) ? ImageSummarizer.Png : ImageSummarizer.Jpeg;

    // A JPEG decodes at 1/8, 2/8 ... 7/8 of its size for a fraction of the cost of the whole; the smallest such that
    // is still twice the thumbnail leaves the final filter enough pixels to average. Skia rounds the scale asked for
    // to the nearest eighth, so ask for one rounded up. PNG has no such shortcut and decodes whole.
    private static SKBitmap Decode(SKCodec codec, double scale)
    {
        var size = codec.GetScaledDimensions((float)Math.Min(1.0, Math.Ceiling(scale * 2 * 8) / 8));
        if ((long)size.Width * size.Height > MaxDecodedPixels)
        {
            throw SlipwayException.Invalid($"Cannot make a thumbnail of a {codec.Info.Width} x {codec.Info.Height} image: over {MaxDecodedPixels / 1_000_000} million pixels.");
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw SlipwayException.Invalid($"Cannot make a thumbnail: the {codec.EncodedFormat.ToString().ToUpperInvariant()} image cannot be decoded ({Describe(result)}).");
        }

        return bitmap;
    }

    // Maps the picture as stored (width x height) onto the upright thumbnail, per the EXIF orientation values 1-8.
    private static SKMatrix Upright(SKEncodedOrigin origin, float width, float height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, height, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, height, -1, 0, width, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, width, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static bool HasTransparency(SKBitmap rgba)
    {
        var pixels = rgba.GetPixelSpan();
        for (var i = 3; i < pixels.Length; i += 4)
        {
            if (pixels[i] != byte.MaxValue)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the data ends early: the file is truncated",
        SKCodecResult.ErrorInInput => "the data is corrupt",
        SKCodecResult.InvalidInput or SKCodecResult.Unimplemented => "its format is not recognised",
        _ => "decoder result " + result,
    };
}
