using System.Formats.Tar;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Data.Blobs;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Native;
using Slipway.Server.Security;

namespace Slipway.Server.Data;

/// <summary>
/// Content-addressed file contents of the request's workspace (<c>/api/v1/blobs</c>): step 2 of a push uploads the
/// contents the plan named missing, one per request or many small ones packed in a tar archive, and a pull downloads
/// them the same two ways. Every upload is verified against its hash before it is stored.
/// </summary>
public static class BlobsApi
{
    /// <summary>Small files travel packed; one fetch names at most this many.</summary>
    public const int MaxFetchCount = 10_000;

    /// <summary>A blob fetched in a batch is read into memory to know its size for the tar header; larger ones go one per request.</summary>
    public const long MaxFetchBlobBytes = 64L * 1024 * 1024;

    private const string TarMediaType = "application/x-tar";

    private static NativeJsonContext Json => NativeJsonContext.Default;

    public static IEndpointRouteBuilder MapBlobsApi(this IEndpointRouteBuilder app, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uploadLimit = new BodySizeLimit(options.MaxArtifactUploadBytes);
        var api = app.MapGroup("/api/v1/blobs").WithTags("Datasets");
        api.MapPut("/{hash}", Upload).WithName("UploadBlob")
            .WithSummary("Stores one file content under its SHA-256; the bytes must hash to it (400 otherwise, nothing stored).")
            .Produces<BlobStoredResponse>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(uploadLimit)
            .UploadsData();
        api.MapPost("/", UploadBatch).WithName("UploadBlobBatch")
            .WithSummary("Stores many small file contents sent as a tar archive whose entries are named by their SHA-256.")
            .Produces<BlobBatchResponse>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(uploadLimit)
            .UploadsData();
        api.MapGet("/{hash}", Download).WithName("DownloadBlob").WithSummary("One file content, verified against its hash as it is read.").Reads()
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapPost("/fetch", Fetch).WithName("FetchBlobBatch")
            .WithSummary("Many small file contents as one tar archive whose entries are named by their SHA-256.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .WithMetadata(DatasetsApi.ManifestLimit)
            .Reads();
        api.MapPost("/sweep", Sweep).WithName("SweepBlobs")
            .WithSummary("Deletes the workspace's file contents that no dataset version names and no push has used within the grace period (maintainers).")
            .Produces<SweepResult>()
            .WithMetadata(BodySizeLimit.Management)
            .Changes(Access.Manage, ResourceTarget.None, "blobs.sweep");
        return app;
    }

    /// <summary>Streams a blob as the response, or answers 404; a blob damaged on disk aborts the response rather than completing it.</summary>
    internal static async Task WriteBlobAsync(HttpContext context, IBlobStore blobs, string workspace, ContentHash hash, string mediaType)
    {
        await using var stream = await blobs.OpenReadAsync(workspace, hash, context.RequestAborted)
            ?? throw SlipwayException.NotFound($"File content {hash} is not stored in this workspace.");
        context.Response.ContentType = mediaType;
        context.Response.ContentLength = stream.Length;
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task<Ok<BlobStoredResponse>> Upload(string hash, IBlobStore blobs, HttpContext context)
    {
        var contentHash = DataMapper.ParseHash(hash);
        var size = await blobs.PutAsync(RequestWorkspace.Of(context), contentHash, context.Request.Body, context.RequestAborted);
        return TypedResults.Ok(new BlobStoredResponse { Hash = contentHash.Hex!, Size = size });
    }

    private static async Task<Ok<BlobBatchResponse>> UploadBatch(IBlobStore blobs, HttpContext context)
    {
        await using var reader = new TarReader(context.Request.Body, leaveOpen: true);
        var (stored, bytes) = await blobs.PutBatchAsync(RequestWorkspace.Of(context), EntriesOf(reader, context.RequestAborted), context.RequestAborted);
        return TypedResults.Ok(new BlobBatchResponse { Stored = stored, Bytes = bytes });
    }

    /// <summary>The archive's entries as uploads, read one after another; anything but a file named by its hash is refused.</summary>
    private static async IAsyncEnumerable<BlobUpload> EntriesOf(TarReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long read = 0;
        while (true)
        {
            TarEntry? entry;
            try
            {
                entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw SlipwayException.Invalid($"The blob batch is not a valid tar archive after {read} entries: {ex.Message}");
            }

            if (entry is null)
            {
                yield break;
            }

            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                throw SlipwayException.Invalid($"Tar entry '{entry.Name}' is a {entry.EntryType}; a blob batch holds regular files named by their SHA-256 only.");
            }

            if (!ContentHash.TryParse(entry.Name, out var hash))
            {
                throw SlipwayException.Invalid($"Tar entry '{entry.Name}' is not named by a content hash (64 lower-case hex digits).");
            }

            read++;
            yield return new BlobUpload(hash, entry.DataStream ?? Stream.Null);
        }
    }

    private static Task Download(string hash, IBlobStore blobs, HttpContext context) =>
        WriteBlobAsync(context, blobs, RequestWorkspace.Of(context), DataMapper.ParseHash(hash), "application/octet-stream");

    private static async Task Fetch(IBlobStore blobs, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.FetchBlobsRequest);
        var hashes = request.Hashes ?? [];
        if (hashes.Count is 0 or > MaxFetchCount)
        {
            throw SlipwayException.Invalid($"'hashes' must name 1 to {MaxFetchCount:N0} file contents; this request names {hashes.Count:N0}.");
        }

        var workspace = RequestWorkspace.Of(context);
        var wanted = hashes.Select(DataMapper.ParseHash).Distinct().ToList();
        // Checked before the archive starts, so an absent content is a clean 404 rather than a cut-off stream. Not
        // FindMissingAsync: that marks contents as used by a push, which a pull is not.
        var missing = new List<ContentHash>();
        foreach (var hash in wanted)
        {
            if (!await blobs.ExistsAsync(workspace, hash, context.RequestAborted))
            {
                missing.Add(hash);
            }
        }

        if (missing.Count > 0)
        {
            throw SlipwayException.NotFound($"{missing.Count} of the requested file contents are not stored in this workspace, such as {missing[0]}.");
        }

        context.Response.ContentType = TarMediaType;
        await using var writer = new TarWriter(context.Response.Body, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var hash in wanted)
        {
            await using var stream = await blobs.OpenReadAsync(workspace, hash, context.RequestAborted)
                ?? throw SlipwayException.NotFound($"File content {hash} is not stored in this workspace.");
            if (stream.Length > MaxFetchBlobBytes)
            {
                throw SlipwayException.Invalid($"File content {hash} is {stream.Length:N0} bytes; fetch contents over {MaxFetchBlobBytes:N0} bytes one at a time from /api/v1/blobs/{{hash}}.");
            }

            // Read whole (and so verified) before its header is written: a damaged blob fails here, not mid-entry.
            var buffer = new MemoryStream(checked((int)stream.Length));
            await stream.CopyToAsync(buffer, context.RequestAborted);
            buffer.Position = 0;
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, hash.Hex!) { DataStream = buffer }, context.RequestAborted);
        }
    }

    private static async Task<Ok<SweepResult>> Sweep(BlobSweeper sweeper, HttpContext context)
    {
        var request = context.Request.ContentLength is 0 or null && !context.Request.Headers.ContainsKey("Transfer-Encoding")
            ? new SweepRequest()
            : await MlflowRequestReader.ReadAsync(context.Request, Json.SweepRequest);
        var grace = request.GraceSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : BlobSweeper.DefaultGracePeriod;
        return TypedResults.Ok(await sweeper.SweepAsync(RequestWorkspace.Of(context), grace, context.RequestAborted));
    }
}
