using SkiaSharp;
using Slipway.Core.Errors;
using Slipway.Data.Images;

namespace Slipway.Data.Tests.Images;

public sealed class ThumbnailRendererTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 800, 400, 256, 256, 128)]
    [InlineData(SKEncodedImageFormat.Jpeg, 300, 900, 256, 85, 256)]
    [InlineData(SKEncodedImageFormat.Jpeg, 4000, 3000, 256, 256, 192)]
    [InlineData(SKEncodedImageFormat.Png, 1000, 10, 64, 64, 1)]
    [InlineData(SKEncodedImageFormat.Png, 100, 50, 256, 100, 50)]
    [InlineData(SKEncodedImageFormat.Jpeg, 256, 256, 256, 256, 256)]
    public void A_thumbnail_fits_the_size_keeping_the_aspect_ratio_and_never_enlarges(
        SKEncodedImageFormat format, int width, int height, int maxSize, int expectedWidth, int expectedHeight)
    {
        var thumbnail = ThumbnailRenderer.Render(TestImages.Encode(format, width, height), maxSize);

        using var decoded = TestImages.Decode(thumbnail);
        Assert.Equal((expectedWidth, expectedHeight), (decoded.Width, decoded.Height));
        Assert.Equal(SKEncodedImageFormat.Jpeg, TestImages.FormatOf(thumbnail));
        Assert.Equal("image/jpeg", ThumbnailRenderer.MediaTypeOf(thumbnail));
    }

    [Fact]
    public void A_thumbnail_shows_the_picture()
    {
        var thumbnail = ThumbnailRenderer.Render(TestImages.Encode(SKEncodedImageFormat.Png, 600, 300, SKColors.Red, SKColors.Blue));

        using var decoded = TestImages.Decode(thumbnail);
        AssertNear(SKColors.Red, decoded.GetPixel(32, 64));
        AssertNear(SKColors.Blue, decoded.GetPixel(224, 64));
    }

    [Fact]
    public void A_png_with_transparency_stays_a_png_with_its_transparency()
    {
        var thumbnail = ThumbnailRenderer.Render(TestImages.Encode(SKEncodedImageFormat.Png, 512, 512, SKColors.Transparent, SKColors.Green));

        Assert.Equal(SKEncodedImageFormat.Png, TestImages.FormatOf(thumbnail));
        Assert.Equal("image/png", ThumbnailRenderer.MediaTypeOf(thumbnail));
        using var decoded = TestImages.Decode(thumbnail);
        Assert.Equal((256, 256), (decoded.Width, decoded.Height));
        Assert.Equal(0, decoded.GetPixel(10, 128).Alpha);
        AssertNear(SKColors.Green, decoded.GetPixel(240, 128));
    }

    [Theory]
    [InlineData(1, 256, 85, false)]
    [InlineData(3, 256, 85, false)]
    [InlineData(6, 85, 256, true)]
    [InlineData(8, 85, 256, true)]
    public void A_photo_is_turned_upright_as_its_exif_orientation_says(ushort orientation, int expectedWidth, int expectedHeight, bool turned)
    {
        // Stored 300 x 100, red on the left: turned a quarter clockwise (6) red is on top, anticlockwise (8) below.
        var photo = TestImages.WithJpegSegments(TestImages.Encode(SKEncodedImageFormat.Jpeg, 300, 100, SKColors.Red, SKColors.Blue), orientation);

        using var decoded = TestImages.Decode(ThumbnailRenderer.Render(photo));

        Assert.Equal((expectedWidth, expectedHeight), (decoded.Width, decoded.Height));
        var (first, second) = turned
            ? (decoded.GetPixel(42, 20), decoded.GetPixel(42, 236))
            : (decoded.GetPixel(20, 42), decoded.GetPixel(236, 42));
        var redFirst = orientation is 1 or 6;
        AssertNear(redFirst ? SKColors.Red : SKColors.Blue, first);
        AssertNear(redFirst ? SKColors.Blue : SKColors.Red, second);
    }

    [Fact]
    public void Fine_detail_is_averaged_rather_than_aliased()
    {
        // One-pixel black and white stripes shrunk about tenfold should look an even grey, not a beat of dark and light
        // bands (which is what sampling a few source pixels per thumbnail pixel gives).
        using var stripes = new SKBitmap(new SKImageInfo(2048, 2048, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(stripes))
        using (var paint = new SKPaint { Color = SKColors.Black })
        {
            canvas.Clear(SKColors.White);
            for (var column = 0; column < stripes.Width; column += 2)
            {
                canvas.DrawRect(column, 0, 1, stripes.Height, paint);
            }
        }

        using var png = stripes.Encode(SKEncodedImageFormat.Png, 100);

        using var decoded = TestImages.Decode(ThumbnailRenderer.Render(png.AsSpan(), 200));

        Assert.Equal((200, 200), (decoded.Width, decoded.Height));
        for (var x = 0; x < decoded.Width; x++)
        {
            Assert.InRange(decoded.GetPixel(x, 128).Red, 96, 160);
        }
    }

    [Fact]
    public async Task A_thumbnail_is_rendered_from_a_stream()
    {
        using var stream = new MemoryStream(TestImages.Jpeg(1024, 768));

        using var decoded = TestImages.Decode(await ThumbnailRenderer.RenderAsync(stream, 128));

        Assert.Equal((128, 96), (decoded.Width, decoded.Height));
    }

    [Theory]
    [InlineData("garbage", "not a decodable PNG or JPEG image")]
    [InlineData("empty", "the file is empty")]
    [InlineData("truncated png", "the file is truncated")]
    [InlineData("webp", "the file is a WEBP image")]
    public void A_file_that_is_not_a_decodable_png_or_jpeg_is_refused_saying_why(string kind, string why)
    {
        var noisy = TestImages.NoisyPng(64, 64);
        var bytes = kind switch
        {
            "garbage" => "this is a text file, not a picture"u8.ToArray(),
            "empty" => [],
            "truncated png" => noisy[..(noisy.Length / 2)],
            _ => TestImages.Encode(SKEncodedImageFormat.Webp, 64, 64),
        };

        var error = Assert.Throws<SlipwayException>(() => ThumbnailRenderer.Render(bytes));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ThumbnailRenderer.MaxMaxSize + 1)]
    public void A_thumbnail_size_out_of_range_is_refused(int maxSize)
    {
        var error = Assert.Throws<SlipwayException>(() => ThumbnailRenderer.Render(TestImages.Png(10, 10), maxSize));

        Assert.Contains("Invalid thumbnail size", error.Message, StringComparison.Ordinal);
    }

    private static void AssertNear(SKColor expected, SKColor actual)
    {
        const int Tolerance = 24;
        Assert.True(
            Math.Abs(expected.Red - actual.Red) <= Tolerance
                && Math.Abs(expected.Green - actual.Green) <= Tolerance
                && Math.Abs(expected.Blue - actual.Blue) <= Tolerance,
            $"expected about {expected}, got {actual}");
    }
}
