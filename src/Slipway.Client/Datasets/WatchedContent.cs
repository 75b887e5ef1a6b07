using System.Net;

namespace Slipway.Client.Datasets;

/// <summary>A request body that tells a <see cref="TransferWatchdog"/> whenever part of it is sent.</summary>
internal sealed class WatchedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly TransferWatchdog _watchdog;

    public WatchedContent(HttpContent inner, TransferWatchdog watchdog)
    {
        _inner = inner;
        _watchdog = watchdog;
        Headers.ContentType = inner.Headers.ContentType;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _inner.CopyToAsync(new WatchedStream(stream, _watchdog), context, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
