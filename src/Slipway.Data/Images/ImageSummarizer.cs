using System.Buffers;
using SkiaSharp;
using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Images;

/// <summary>
/// Summarises the PNG and JPEG images of a version: counts and bytes by folder (the class label in the usual
/// <c>train/cat/001.png</c> layout) and by media type, and the range of pixel dimensions. Dimensions come from each
/// file's header alone, so a version of 100,000 photos costs a few kilobytes read per image, not a decode.
/// </summary>
public static class ImageSummarizer
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    /// <summary>Headers read at once: the blob store may be remote, where waiting, not decoding, is the cost.</summary>
    public const int DefaultParallelism = 8;

    // Holds a PNG's chunks before its pixels and nearly every JPEG's header. EXIF blocks (with their own preview
    // image) and ICC profiles can push a JPEG's frame header past it; such a file is read again, up to the cap.
    private const int FirstReadBytes = 64 * 1024;
    private const int MaxHeaderBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The summary of the images among <paramref name="files"/>, or null when there are none. <paramref name="open"/>
    /// gives a file's bytes (null when its blob is missing); only the start of each is read. An image whose header
    /// cannot be read is counted, and in <see cref="ImageSummary.Unreadable"/>, but gives no dimensions.
    /// </summary>
    public static async Task<ImageSummary?> SummarizeAsync(
        IEnumerable<ManifestEntry> files,
        Func<ManifestEntry, CancellationToken, Task<Stream?>> open,
        int parallelism = DefaultParallelism,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);

        var images = files
            .Select(f => (File: f, MediaType: MediaTypeOf(f)))
            .Where(image => image.MediaType is not null)
            .Select(image => (image.File, MediaType: image.MediaType!))
            .ToArray();
        if (images.Length == 0)
        {
            return null;
        }

        var sizes = new (int Width, int Height)?[images.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, images.Length),
            options,
            async (i, token) => sizes[i] = await ReadSizeAsync(images[i].File, open, token));

        var readable = sizes.Where(s => s is not null).Select(s => s!.Value).ToArray();
        return new ImageSummary
        {
            Count = images.Length,
            TotalBytes = images.Sum(image => image.File.Size),
            Folders = images
                .GroupBy(image => FolderOf(image.File.Path), StringComparer.Ordinal)
                .Select(g => new FolderCount(g.Key, g.Count(), g.Sum(image => image.File.Size)))
                .OrderBy(f => f.Folder, StringComparer.Ordinal)
                .ToArray(),
            MediaTypes = images
                .GroupBy(image => image.MediaType, StringComparer.Ordinal)
                .Select(g => new MediaTypeCount(g.Key, g.Count(), g.Sum(image => image.File.Size)))
                .OrderBy(m => m.MediaType, StringComparer.Ordinal)
                .ToArray(),
            MinWidth = readable.Length == 0 ? null : readable.Min(s => s.Width),
            MaxWidth = readable.Length == 0 ? null : readable.Max(s => s.Width),
            MinHeight = readable.Length == 0 ? null : readable.Min(s => s.Height),
            MaxHeight = readable.Length == 0 ? null : readable.Max(s => s.Height),
            Unreadable = images.Length - readable.Length,
        };
    }

    /// <summary>
    /// <see cref="Png"/> or <see cref="Jpeg"/> for an image file, else null. The manifest's media type decides where it
    /// names one of the two; else the file name does, since clients that cannot tell send application/octet-stream.
    /// </summary>
    public static string? MediaTypeOf(ManifestEntry file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (string.Equals(file.MediaType, Png, StringComparison.OrdinalIgnoreCase))
        {
            return Png;
        }

        if (string.Equals(file.MediaType, Jpeg, StringComparison.OrdinalIgnoreCase))
        {
            return Jpeg;
        }

        return Path.GetExtension(file.Path).ToUpperInvariant() switch
        {
            ".PNG" => Png,
            ".JPG" or ".JPEG" => Jpeg,
            _ => null,
        };
    }

    /// <summary>The directory part of a manifest path ("" for the root); manifest paths are clean and use '/'.</summary>
    public static string FolderOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static async Task<(int Width, int Height)?> ReadSizeAsync(ManifestEntry file, Func<ManifestEntry, CancellationToken, Task<Stream?>> open, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstReadBytes);
        try
        {
            await using var stream = await open(file, cancellationToken);
            if (stream is null)
            {
                return null;
            }

            var length = await stream.ReadAtLeastAsync(buffer.AsMemory(0, FirstReadBytes), FirstReadBytes, throwOnEndOfStream: false, cancellationToken);
            var size = SizeFromHeader(buffer.AsSpan(0, length));
            if (size is not null || length < FirstReadBytes)
            {
                return size;
            }

            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(file.Size, FirstReadBytes + 1, MaxHeaderBytes));
            try
            {
                buffer.AsSpan(0, length).CopyTo(larger);
                length += await stream.ReadAtLeastAsync(larger.AsMemory(length), larger.Length - length, throwOnEndOfStream: false, cancellationToken);
                return SizeFromHeader(larger.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(larger);
            }
        }
        catch (InvalidDataException)
        {
            // The blob store's stream says its bytes do not match their hash: as unreadable as a corrupt header.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The bytes go to Skia as native memory rather than as a .NET stream: Skia reads a .NET stream through callbacks,
    // and an exception thrown in one of those (a hash mismatch at the end of a blob) would cross native frames.
    private static (int Width, int Height)? SizeFromHeader(ReadOnlySpan<byte> header)
    {
        if (header.IsEmpty)
        {
            return null;
        }

        using var data = SKData.CreateCopy(header);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out _);
        return codec is null ? null : (codec.Info.Width, codec.Info.Height);
    }
}
