using System.Collections.Frozen;

namespace Slipway.Client.Datasets;

/// <summary>
/// The media type a push records for a file, from its extension. The server profiles tables and images by these, so
/// the common data formats are spelled as their registrations spell them.
/// </summary>
public static class MediaTypes
{
    public const string Default = "application/octet-stream";

    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = "text/csv",
        [".tsv"] = "text/tab-separated-values",
        [".parquet"] = "application/vnd.apache.parquet",
        [".arrow"] = "application/vnd.apache.arrow.file",
        [".feather"] = "application/vnd.apache.arrow.file",
        [".avro"] = "application/avro",
        [".orc"] = "application/x-orc",
        [".json"] = "application/json",
        [".jsonl"] = "application/jsonl",
        [".ndjson"] = "application/x-ndjson",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
        [".html"] = "text/html",
        [".xml"] = "application/xml",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".bmp"] = "image/bmp",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
        [".svg"] = "image/svg+xml",
        [".wav"] = "audio/wav",
        [".mp3"] = "audio/mpeg",
        [".flac"] = "audio/flac",
        [".mp4"] = "video/mp4",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".npy"] = "application/x-npy",
        [".onnx"] = "application/onnx",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The media type for a file name or path (<c>train/part-0.parquet</c>); <see cref="Default"/> when the extension is unknown.</summary>
    public static string FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path.AsSpan());
        return ByExtension.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(extension, out var mediaType) ? mediaType : Default;
    }
}
