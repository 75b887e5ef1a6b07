using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Slipway.Client.Tests.Infrastructure;

/// <summary>
/// The dataset and blob endpoints of <c>/api/v1</c> as an in-process <see cref="HttpMessageHandler"/>, following the
/// protocol: blobs verified against their hash, plan answers what is missing, commit refuses missing blobs and makes no
/// version for an unchanged manifest. Binary bodies (tar batches) pass through untouched, which a text-recording
/// fake cannot do. Records each request as "METHOD path".
/// </summary>
public sealed class InMemoryDatasetServer : HttpMessageHandler
{
    private const string Prefix = "/api/v1/";

    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Dictionary<string, List<JsonObject>> _versions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public IReadOnlyCollection<string> StoredHashes => [.. _blobs.Keys];

    /// <summary>Blobs received in PUT requests and in tar batches, counted per blob.</summary>
    public int BlobsReceived => _blobsReceived;

    /// <summary>Runs before each blob upload (PUT or tar batch) is read: a test can cancel the push here.</summary>
    public Func<int, Task>? BeforeUpload { get; set; }

    private int _blobsReceived;
    private int _uploads;

    public SlipwayClient CreateClient() => new(new Uri("http://datasets.test/"), new HttpClient(this, disposeHandler: false));

    public int VersionCount(string dataset)
    {
        lock (_lock)
        {
            return _versions.TryGetValue(dataset, out var list) ? list.Count : 0;
        }
    }

    /// <summary>Adds a version with any manifest (even one a real server would refuse), storing the given contents.</summary>
    public void AddVersion(string dataset, params (string Path, byte[] Content)[] files)
    {
        var entries = new JsonArray();
        foreach (var (path, content) in files)
        {
            var hash = Hex(content);
            _blobs[hash] = content;
            entries.Add(new JsonObject { ["path"] = path, ["size"] = (long)content.Length, ["hash"] = hash, ["media_type"] = "application/octet-stream" });
        }

        lock (_lock)
        {
            AddVersionLocked(dataset, entries, message: null);
        }
    }

    public static string Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        _requests.Enqueue($"{request.Method} {path}");
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Error(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", path);
        }

        var segments = path[Prefix.Length..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        return (request.Method.Method, segments) switch
        {
            ("PUT", ["blobs", var hash]) => await PutBlobAsync(hash, request, cancellationToken),
            ("POST", ["blobs"]) => await PostBatchAsync(request, cancellationToken),
            ("GET", ["blobs", var hash]) => _blobs.TryGetValue(hash, out var bytes) ? Bytes(bytes) : Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", hash),
            ("POST", ["blobs", "fetch"]) => await FetchAsync(request, cancellationToken),
            ("POST", ["datasets", var name, "plan"]) => Plan(await ReadJsonAsync(request, cancellationToken)),
            ("POST", ["datasets", var name, "versions"]) => Commit(name, await ReadJsonAsync(request, cancellationToken)),
            ("GET", ["datasets", var name, "versions", var selector]) => WithVersion(name, selector, v => Json(v)),
            ("GET", ["datasets", var name, "versions", var selector, "files"]) => WithVersion(name, selector, v => Json(new JsonObject { ["files"] = v["files"]!.DeepClone() })),
            _ => Error(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", $"{request.Method} {path}"),
        };
    }

    private async Task<HttpResponseMessage> PutBlobAsync(string hash, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await BeforeUploadAsync();
        var bytes = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        if (Hex(bytes) != hash)
        {
            return Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"The bytes do not hash to {hash}.");
        }

        _blobs[hash] = bytes;
        Interlocked.Increment(ref _blobsReceived);
        return Json(new JsonObject { ["hash"] = hash, ["size"] = bytes.Length });
    }

    private async Task<HttpResponseMessage> PostBatchAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await BeforeUploadAsync();
        var archive = new MemoryStream(await request.Content!.ReadAsByteArrayAsync(cancellationToken));
        using var reader = new TarReader(archive);
        int stored = 0;
        long total = 0;
        while (reader.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            var bytes = content.ToArray();
            if (Hex(bytes) != entry.Name)
            {
                return Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"The entry {entry.Name} does not hash to its name.");
            }

            _blobs[entry.Name] = bytes;
            Interlocked.Increment(ref _blobsReceived);
            stored++;
            total += bytes.Length;
        }

        return Json(new JsonObject { ["stored"] = stored, ["bytes"] = total });
    }

    private async Task<HttpResponseMessage> FetchAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var hashes = (await ReadJsonAsync(request, cancellationToken))["hashes"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
        if (hashes.FirstOrDefault(h => !_blobs.ContainsKey(h)) is { } absent)
        {
            return Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", absent);
        }

        var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var hash in hashes)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, hash) { DataStream = new MemoryStream(_blobs[hash]) });
            }
        }

        var response = Bytes(archive.ToArray());
        response.Content.Headers.ContentType = new("application/x-tar");
        return response;
    }

    private HttpResponseMessage Plan(JsonNode body)
    {
        var missing = new JsonArray();
        foreach (var hash in body["files"]!.AsArray().Select(f => f!["hash"]!.GetValue<string>()).Distinct())
        {
            if (!_blobs.ContainsKey(hash))
            {
                missing.Add(hash);
            }
        }

        return Json(new JsonObject { ["missing"] = missing });
    }

    private HttpResponseMessage Commit(string dataset, JsonNode body)
    {
        var files = body["files"]!.AsArray();
        if (files.Select(f => f!["hash"]!.GetValue<string>()).FirstOrDefault(h => !_blobs.ContainsKey(h)) is { } absent)
        {
            return Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"Cannot commit: {absent} has not been uploaded.");
        }

        lock (_lock)
        {
            if (_versions.TryGetValue(dataset, out var existing) && JsonNode.DeepEquals(existing[^1]["files"], files))
            {
                var latest = (JsonObject)existing[^1].DeepClone();
                latest["created"] = false;
                return Json(latest);
            }

            var version = AddVersionLocked(dataset, (JsonArray)files.DeepClone(), body["message"]?.GetValue<string>());
            var created = (JsonObject)version.DeepClone();
            created["created"] = true;
            return Json(created, HttpStatusCode.Created);
        }
    }

    private JsonObject AddVersionLocked(string dataset, JsonArray files, string? message)
    {
        if (!_versions.TryGetValue(dataset, out var list))
        {
            _versions[dataset] = list = [];
        }

        var version = new JsonObject
        {
            ["dataset"] = dataset,
            ["version"] = list.Count + 1,
            ["creation_time"] = 1_700_000_000_000,
            ["message"] = message,
            ["file_count"] = files.Count,
            ["total_bytes"] = files.Sum(f => f!["size"]!.GetValue<long>()),
            ["tags"] = new JsonArray("latest"),
            ["files"] = files,
        };
        list.Add(version);
        return version;
    }

    private HttpResponseMessage WithVersion(string dataset, string selector, Func<JsonObject, HttpResponseMessage> respond)
    {
        lock (_lock)
        {
            if (!_versions.TryGetValue(dataset, out var list) || list.Count == 0)
            {
                return Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"No dataset '{dataset}'.");
            }

            var index = selector == "latest" ? list.Count : int.TryParse(selector, out var number) ? number : 0;
            return index >= 1 && index <= list.Count
                ? respond(list[index - 1])
                : Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"No version '{selector}' of '{dataset}'.");
        }
    }

    private async Task BeforeUploadAsync()
    {
        var number = Interlocked.Increment(ref _uploads);
        if (BeforeUpload is { } hook)
        {
            await hook(number);
        }
    }

    private static async Task<JsonNode> ReadJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;

    private static HttpResponseMessage Json(JsonNode body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Bytes(byte[] bytes) => new(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
        Json(new JsonObject { ["error_code"] = code, ["message"] = message }, status);
}
