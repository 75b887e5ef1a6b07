using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Data;

/// <summary>The dataset protocol spoken by hand over HTTP, so the tests see exactly what goes over the wire.</summary>
public sealed class DatasetWire(HttpClient http)
{
    public sealed record File(string Path, byte[] Content, string MediaType = "application/octet-stream")
    {
        public string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Content));

        public static File Text(string path, string text, string mediaType = "text/plain") => new(path, Encoding.UTF8.GetBytes(text), mediaType);

        public JsonObject Entry() => new() { ["path"] = Path, ["size"] = Content.Length, ["hash"] = Hash, ["media_type"] = MediaType };
    }

    public static JsonArray Manifest(IEnumerable<File> files) => [.. files.Select(f => (JsonNode)f.Entry())];

    public Task<HttpResponseMessage> PlanAsync(string dataset, IEnumerable<File> files) =>
        http.PostAsJsonAsync($"/api/v1/datasets/{dataset}/plan", new JsonObject { ["files"] = Manifest(files) });

    public async Task<IReadOnlyList<string>> PlanOkAsync(string dataset, IEnumerable<File> files)
    {
        var answer = await MlflowApi.ReadOkAsync(await PlanAsync(dataset, files));
        return [.. answer["missing"]!.AsArray().Select(n => n!.GetValue<string>())];
    }

    public Task<HttpResponseMessage> PutBlobAsync(string hash, byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return http.PutAsync($"/api/v1/blobs/{hash}", body);
    }

    public Task<HttpResponseMessage> PutBatchAsync(IEnumerable<(string Name, byte[] Content)> entries)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        var body = new ByteArrayContent(tar.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return http.PostAsync("/api/v1/blobs", body);
    }

    public async Task UploadAsync(IEnumerable<File> files)
    {
        var list = files.DistinctBy(f => f.Hash).ToList();
        if (list.Count == 0)
        {
            return;
        }

        await MlflowApi.ReadOkAsync(await PutBatchAsync(list.Select(f => (f.Hash, f.Content))));
    }

    public Task<HttpResponseMessage> CommitAsync(string dataset, IEnumerable<File> files, string? message = null, params string[] tags)
    {
        var body = new JsonObject { ["files"] = Manifest(files), ["message"] = message };
        if (tags.Length > 0)
        {
            body["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
        }

        return http.PostAsJsonAsync($"/api/v1/datasets/{dataset}/versions", body);
    }

    /// <summary>The whole push: plan, upload what is missing, commit; returns the commit's answer.</summary>
    public async Task<JsonObject> PushAsync(string dataset, IReadOnlyList<File> files, string? message = null)
    {
        var missing = (await PlanOkAsync(dataset, files)).ToHashSet();
        await UploadAsync(files.Where(f => missing.Contains(f.Hash)));
        return await ReadSuccessAsync(await CommitAsync(dataset, files, message));
    }

    /// <summary>The JSON of a 200 or 201 answer (a commit creates with 201).</summary>
    public static async Task<JsonObject> ReadSuccessAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 200 or 201, $"Expected 200 or 201 from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> GetOkAsync(string path) => await MlflowApi.ReadOkAsync(await http.GetAsync(path));

    public async Task<IReadOnlyList<string>> FetchNamesAsync(IEnumerable<string> hashes, Dictionary<string, byte[]> contents)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/blobs/fetch", new JsonObject { ["hashes"] = new JsonArray([.. hashes.Select(h => (JsonNode)h)]) });
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/x-tar", response.Content.Headers.ContentType?.MediaType);
        var names = new List<string>();
        await using var reader = new TarReader(await response.Content.ReadAsStreamAsync());
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            names.Add(entry.Name);
            var buffer = new MemoryStream();
            await entry.DataStream!.CopyToAsync(buffer);
            contents[entry.Name] = buffer.ToArray();
        }

        return names;
    }
}
