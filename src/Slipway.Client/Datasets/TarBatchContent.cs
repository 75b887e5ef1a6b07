using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;

namespace Slipway.Client.Datasets;

/// <summary>
/// A tar archive of local files, each entry named by its content hash, written straight into the request as it is
/// sent: a batch never sits in memory. Its length is not known up front (a file may change size), so it goes chunked.
/// </summary>
internal sealed class TarBatchContent : HttpContent
{
    public const string MediaType = "application/x-tar";

    private readonly IReadOnlyList<LocalBlob> _blobs;
    private readonly Action<long> _onBytes;

    /// <param name="onBytes">Called with each file's size once its entry is written.</param>
    public TarBatchContent(IReadOnlyList<LocalBlob> blobs, Action<long> onBytes)
    {
        _blobs = blobs;
        _onBytes = onBytes;
        Headers.ContentType = new MediaTypeHeaderValue(MediaType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Ustar keeps each entry to one 512-byte header; a hash (64 characters) fits its name field.
        await using var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var blob in _blobs)
        {
            await using var file = new FileStream(blob.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            var entry = new UstarTarEntry(TarEntryType.RegularFile, blob.Hash.Hex) { DataStream = file };
            await writer.WriteEntryAsync(entry, cancellationToken);
            _onBytes(file.Length);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
