using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Slipway.Client.Datasets;

/// <summary>
/// Exactly <c>size</c> bytes of a local file (the bytes that were hashed), streamed into the request in 1 MiB chunks
/// with progress. A file that shrank since it was hashed fails the request instead of sending a short body.
/// </summary>
internal sealed class FileUploadContent : HttpContent
{
    private readonly string _path;
    private readonly long _size;
    private readonly Action<long> _onBytes;

    public FileUploadContent(string path, long size, Action<long> onBytes)
    {
        _path = path;
        _size = size;
        _onBytes = onBytes;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FileHasher.ChunkSize);
        try
        {
            await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
            var remaining = _size;
            while (remaining > 0)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(remaining, FileHasher.ChunkSize)), cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"'{_path}' became shorter while it was pushed ({_size - remaining:N0} of {_size:N0} bytes). Push again once it is no longer being written.");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                remaining -= read;
                _onBytes(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _size;
        return true;
    }
}
