using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;
using Slipway.Data.Images;
using Slipway.Storage.Blobs;

namespace Slipway.Data.Tests.Images;

/// <summary>Summaries of real images in class folders, stored as blob files and read back through the blob store.</summary>
public sealed class ImageSummarizerTests : IDisposable
{
    private const string Workspace = "team";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "slipway-images-" + Guid.NewGuid().ToString("N"));
    private readonly LocalBlobStore _blobs;
    private readonly List<ManifestEntry> _files = [];

    public ImageSummarizerTests()
    {
        _blobs = new LocalBlobStore(_root);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Images_are_counted_by_class_folder_and_media_type_with_their_dimensions()
    {
        var cat1 = await AddAsync("train/cat/001.png", TestImages.Png(40, 30), "image/png");
        var cat2 = await AddAsync("train/cat/002.jpg", TestImages.Jpeg(64, 48), "image/jpeg");
        var dog = await AddAsync("train/dog/001.png", TestImages.Png(20, 50), "image/png");
        var val = await AddAsync("val/cat/001.jpeg", TestImages.Jpeg(100, 10), "image/jpeg");
        await AddAsync("README.md", "# cats and dogs"u8.ToArray(), "text/markdown");
        await AddAsync("train/labels.csv", "file,label\n"u8.ToArray(), "text/csv");

        var summary = await SummarizeAsync();

        Assert.NotNull(summary);
        Assert.Equal(4, summary.Count);
        Assert.Equal(cat1.Size + cat2.Size + dog.Size + val.Size, summary.TotalBytes);
        Assert.Equal(
            [
                new FolderCount("train/cat", 2, cat1.Size + cat2.Size),
                new FolderCount("train/dog", 1, dog.Size),
                new FolderCount("val/cat", 1, val.Size),
            ],
            summary.Folders);
        Assert.Equal(
            [new MediaTypeCount("image/jpeg", 2, cat2.Size + val.Size), new MediaTypeCount("image/png", 2, cat1.Size + dog.Size)],
            summary.MediaTypes);
        Assert.Equal((20, 100, 10, 50), (summary.MinWidth, summary.MaxWidth, summary.MinHeight, summary.MaxHeight));
        Assert.Equal(0, summary.Unreadable);
    }

    [Fact]
    public async Task A_corrupt_or_missing_image_is_counted_as_unreadable_and_gives_no_dimensions()
    {
        var good = await AddAsync("cat/good.png", TestImages.Png(32, 16), "image/png");
        var corrupt = await AddAsync("cat/corrupt.png", "this is not a PNG"u8.ToArray(), "image/png");
        var truncated = await AddAsync("dog/truncated.jpg", TestImages.Jpeg(64, 64)[..10], "image/jpeg");
        var missing = new ManifestEntry("dog/missing.jpg", 1234, ContentHash.Of("never stored"u8), "image/jpeg");
        _files.Add(missing);

        var summary = await SummarizeAsync();

        Assert.NotNull(summary);
        Assert.Equal(4, summary.Count);
        Assert.Equal(3, summary.Unreadable);
        Assert.Equal(good.Size + corrupt.Size + truncated.Size + missing.Size, summary.TotalBytes);
        Assert.Equal((32, 32, 16, 16), (summary.MinWidth, summary.MaxWidth, summary.MinHeight, summary.MaxHeight));
    }

    [Fact]
    public async Task A_blob_whose_bytes_do_not_match_their_hash_is_unreadable_not_an_error()
    {
        var image = await AddAsync("cat/001.png", TestImages.Png(8, 8), "image/png");
        var blob = Assert.Single(Directory.GetFiles(_root, image.Hash.Hex, SearchOption.AllDirectories));
        await File.WriteAllBytesAsync(blob, TestImages.Png(9, 9));

        var summary = await SummarizeAsync();

        Assert.NotNull(summary);
        Assert.Equal(1, summary.Unreadable);
        Assert.Null(summary.MinWidth);
        Assert.Null(summary.MaxHeight);
    }

    [Fact]
    public async Task A_version_without_images_has_no_image_summary()
    {
        await AddAsync("train.csv", "a,b\n1,2\n"u8.ToArray(), "text/csv");
        await AddAsync("notes/photo.png.txt", "not an image"u8.ToArray(), "text/plain");

        Assert.Null(await SummarizeAsync());
    }

    [Fact]
    public async Task The_file_name_decides_when_the_media_type_is_generic_and_root_images_are_in_the_empty_folder()
    {
        var shouting = await AddAsync("IMG_0001.JPG", TestImages.Jpeg(30, 20), "application/octet-stream");
        var named = await AddAsync("scans/page.bin", TestImages.Png(10, 40), "image/png");

        var summary = await SummarizeAsync();

        Assert.NotNull(summary);
        Assert.Equal([new FolderCount("", 1, shouting.Size), new FolderCount("scans", 1, named.Size)], summary.Folders);
        Assert.Equal([new MediaTypeCount("image/jpeg", 1, shouting.Size), new MediaTypeCount("image/png", 1, named.Size)], summary.MediaTypes);
        Assert.Equal((10, 30, 20, 40), (summary.MinWidth, summary.MaxWidth, summary.MinHeight, summary.MaxHeight));
    }

    [Fact]
    public async Task Only_the_header_of_a_large_image_is_read()
    {
        var large = await AddAsync("big/noise.png", TestImages.NoisyPng(600, 600), "image/png");
        Assert.True(large.Size > 1_000_000, $"the test image should be large, not {large.Size} bytes");
        var counted = new List<CountingStream>();

        var summary = await ImageSummarizer.SummarizeAsync(
            _files,
            async (file, token) =>
            {
                var stream = new CountingStream((await _blobs.OpenReadAsync(Workspace, file.Hash, token))!);
                counted.Add(stream);
                return stream;
            });

        Assert.NotNull(summary);
        Assert.Equal((600, 600), (summary.MaxWidth, summary.MaxHeight));
        Assert.InRange(Assert.Single(counted).BytesRead, 1, 64 * 1024);
    }

    [Fact]
    public async Task A_jpeg_whose_frame_header_lies_beyond_the_first_read_is_still_measured()
    {
        await AddAsync("photos/camera.jpg", TestImages.WithJpegSegments(TestImages.Jpeg(120, 80), padding: 150_000), "image/jpeg");

        var summary = await SummarizeAsync();

        Assert.NotNull(summary);
        Assert.Equal(0, summary.Unreadable);
        Assert.Equal((120, 80), (summary.MaxWidth, summary.MaxHeight));
    }

    private Task<ImageSummary?> SummarizeAsync() =>
        ImageSummarizer.SummarizeAsync(_files, (file, token) => _blobs.OpenReadAsync(Workspace, file.Hash, token));

    private async Task<ManifestEntry> AddAsync(string path, byte[] content, string mediaType)
    {
        var entry = new ManifestEntry(path, content.Length, ContentHash.Of(content), mediaType);
        await _blobs.PutAsync(Workspace, entry.Hash, new MemoryStream(content));
        _files.Add(entry);
        return entry;
    }
}
