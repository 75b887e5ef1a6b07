using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using Slipway.Client.Datasets;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Client;

/// <summary>
/// The workspace's content-addressed blobs (<c>/api/v1/blobs</c>): each distinct file content stored once under its
/// SHA-256. Uploads are verified by the server against the hash they claim, so a wrong or partial upload stores nothing.
/// </summary>
public sealed partial class SlipwayClient
{
    /// <summary>The most hashes one <see cref="FetchBlobsAsync"/> request may name.</summary>
    public const int MaxFetchBlobs = 10_000;

    /// <summary>Uploads one content (<c>PUT /blobs/{hash}</c>); returns its size as stored. Uploading a stored content again is harmless.</summary>
    public async Task<long> UploadBlobAsync(ContentHash hash, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await UploadBlobAsync(hash, (HttpContent)body, cancellationToken);
    }

    /// <summary>
    /// Uploads a tar archive of contents, each a regular file named by its hash (<c>POST /blobs</c>): the way to send
    /// many small files. Every entry is verified; a bad one fails the request, naming it.
    /// </summary>
    public async Task<BlobBatchResult> UploadBlobArchiveAsync(Stream tarArchive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tarArchive);
        var body = new StreamContent(tarArchive);
        body.Headers.ContentType = new MediaTypeHeaderValue(TarBatchContent.MediaType);
        return await UploadBlobArchiveAsync((HttpContent)body, cancellationToken);
    }

    /// <summary>Copies one content into <paramref name="destination"/> (<c>GET /blobs/{hash}</c>).</summary>
    public async Task DownloadBlobAsync(ContentHash hash, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await DownloadBlobAsync(
            hash,
            async (source, token) =>
            {
                await source.CopyToAsync(destination, token);
            },
            cancellationToken);
    }

    /// <summary>
    /// Fetches up to <see cref="MaxFetchBlobs"/> contents in one tar stream (<c>POST /blobs/fetch</c>) and hands each
    /// to <paramref name="onBlob"/> in the order the server sends them; the stream is only valid during that call.
    /// </summary>
    /// <exception cref="SlipwayApiException">RESOURCE_DOES_NOT_EXIST when any of them is not stored.</exception>
    public async Task FetchBlobsAsync(
        IReadOnlyCollection<ContentHash> hashes, Func<ContentHash, Stream, CancellationToken, Task> onBlob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        ArgumentNullException.ThrowIfNull(onBlob);
        if (hashes.Count > MaxFetchBlobs)
        {
            throw new ArgumentException($"At most {MaxFetchBlobs:N0} blobs can be fetched at once, not {hashes.Count:N0}.", nameof(hashes));
        }

        if (hashes.Count == 0)
        {
            return;
        }

        using var watchdog = new TransferWatchdog(_http.Timeout, cancellationToken);
        await RunTransferAsync(watchdog, FetchAsync, cancellationToken);

        async Task FetchAsync(CancellationToken token)
        {
            var request = new FetchBlobsRequest { Hashes = hashes.Select(h => h.Hex).ToList() };
            using var response = await SendAsync(
                _transferHttp, HttpMethod.Post, NativeApi + "blobs/fetch", JsonBody(request, WireJsonContext.Default.FetchBlobsRequest), HttpCompletionOption.ResponseHeadersRead, token);
            await EnsureSuccessAsync(response, token);
            watchdog.Kick();
            await using var body = await response.Content.ReadAsStreamAsync(token);
            await using var archive = new TarReader(new WatchedStream(body, watchdog), leaveOpen: true);
            var expected = hashes.ToHashSet();
            while (await archive.GetNextEntryAsync(copyData: false, token) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    continue;
                }

                if (!ContentHash.TryParse(entry.Name, out var hash) || !expected.Remove(hash))
                {
                    throw new SlipwayException(ErrorCode.InternalError, $"The server sent '{entry.Name}', which was not asked for, in a blob fetch.");
                }

                await onBlob(hash, entry.DataStream ?? Stream.Null, token);
            }

            if (expected.Count > 0)
            {
                throw new SlipwayException(ErrorCode.InternalError, $"The server's blob fetch ended without {expected.Count:N0} of the contents asked for, such as {expected.First()}.");
            }
        }
    }

    /// <summary>
    /// Deletes blobs no dataset version names and nobody used within <paramref name="grace"/> (the server's default
    /// when null): a push in progress stays safe. Maintainers of the workspace only.
    /// </summary>
    public async Task<BlobSweepResult> SweepBlobsAsync(TimeSpan? grace = null, CancellationToken cancellationToken = default)
    {
        if (grace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(grace), grace, "The grace period cannot be negative.");
        }

        var request = new SweepBlobsRequest { GraceSeconds = grace is { } span ? (long)span.TotalSeconds : null };
        var response = await NativeAsync(
            HttpMethod.Post, "blobs/sweep", request, WireJsonContext.Default.SweepBlobsRequest, WireJsonContext.Default.BlobSweepResponse, cancellationToken);
        return new BlobSweepResult(response.Examined, response.Deleted, response.BytesFreed, response.KeptRecent, response.KeptReferenced);
    }

    internal async Task<long> UploadBlobAsync(ContentHash hash, HttpContent content, CancellationToken cancellationToken)
    {
        var response = await SendTransferJsonAsync(HttpMethod.Put, $"blobs/{hash.Hex}", content, WireJsonContext.Default.BlobStoredResponse, cancellationToken);
        return response.Size;
    }

    internal async Task<BlobBatchResult> UploadBlobArchiveAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var response = await SendTransferJsonAsync(HttpMethod.Post, "blobs", content, WireJsonContext.Default.BlobBatchResponse, cancellationToken);
        return new BlobBatchResult(response.Stored, response.Bytes);
    }

    /// <summary>Streams one content to <paramref name="consume"/>, failing if no bytes arrive for the client's timeout.</summary>
    internal async Task DownloadBlobAsync(ContentHash hash, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        using var watchdog = new TransferWatchdog(_http.Timeout, cancellationToken);
        await RunTransferAsync(watchdog, DownloadAsync, cancellationToken);

        async Task DownloadAsync(CancellationToken token)
        {
            using var response = await SendAsync(_transferHttp, HttpMethod.Get, NativeApi + $"blobs/{hash.Hex}", content: null, HttpCompletionOption.ResponseHeadersRead, token);
            await EnsureSuccessAsync(response, token);
            watchdog.Kick();
            await using var body = await response.Content.ReadAsStreamAsync(token);
            await consume(new WatchedStream(body, watchdog), token);
        }
    }

    /// <summary>
    /// Sends an upload without a whole-request timeout; instead the request fails when no bytes move (nor an answer
    /// comes) for the client's timeout.
    /// </summary>
    private async Task<TResponse> SendTransferJsonAsync<TResponse>(
        HttpMethod method, string path, HttpContent content, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var watchdog = new TransferWatchdog(_http.Timeout, cancellationToken);
        var watched = new WatchedContent(content, watchdog);
        TResponse result = default!;
        await RunTransferAsync(watchdog, SendAndReadAsync, cancellationToken);
        return result;

        async Task SendAndReadAsync(CancellationToken token)
        {
            using var response = await SendAsync(_transferHttp, method, NativeApi + path, watched, HttpCompletionOption.ResponseContentRead, token);
            await EnsureSuccessAsync(response, token);
            result = await ReadJsonAsync(response, responseType, token);
        }
    }

    /// <summary>Runs a transfer under a watchdog, reporting a stall as the server being unreachable.</summary>
    private async Task RunTransferAsync(TransferWatchdog watchdog, Func<CancellationToken, Task> transfer, CancellationToken cancellationToken)
    {
        try
        {
            await transfer(watchdog.Token);
        }
        catch (OperationCanceledException ex) when (watchdog.HasStalled && !cancellationToken.IsCancellationRequested)
        {
            throw new SlipwayConnectionException(BaseUri, $"a transfer stalled: no data moved for {watchdog.StallTimeout.TotalSeconds:0} seconds", ex);
        }
    }
}
