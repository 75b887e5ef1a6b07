using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;
using WireFile = Slipway.IntegrationTests.Data.DatasetWire.File;

namespace Slipway.IntegrationTests.Data;

/// <summary>Deleting a version and sweeping its blobs over HTTP (one server of its own, so blob counts are exact).</summary>
public sealed class BlobSweepTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private readonly HttpClient _http = server.Http;
    private readonly DatasetWire _wire = new(server.Http);

    [Fact]
    public async Task Files_of_a_deleted_version_are_reclaimed_by_the_sweep_and_files_still_named_are_kept()
    {
        var shared = WireFile.Text("shared.txt", "in both versions");
        var dropped = WireFile.Text("dropped.txt", "only in version 1");
        await _wire.PushAsync("sweep", [shared, dropped]);
        await _wire.PushAsync("sweep", [shared, WireFile.Text("new.txt", "only in version 2")]);
        Assert.Equal(3, BlobFiles().Count);

        await ReadOkAsync(await _http.DeleteAsync("/api/v1/datasets/sweep/versions/1"));
        var tooSoon = await AssertError(await _http.PostAsJsonAsync("/api/v1/blobs/sweep", new JsonObject { ["grace_seconds"] = 5 }), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("at least 10 minutes", tooSoon, StringComparison.Ordinal);

        // Nothing is old enough yet: a fresh blob may belong to a push that has not committed.
        var early = await ReadOkAsync(await _http.PostAsJsonAsync("/api/v1/blobs/sweep", new JsonObject()));
        Assert.Equal((3L, 0L, 3L), (early.Int64Value("examined"), early.Int64Value("deleted"), early.Int64Value("kept_recent")));

        foreach (var file in BlobFiles())
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));
        }

        var swept = await ReadOkAsync(await _http.PostAsJsonAsync("/api/v1/blobs/sweep", new JsonObject { ["grace_seconds"] = 3600 }));
        Assert.Equal(1, swept.Int64Value("deleted"));
        Assert.Equal(dropped.Content.Length, swept.Int64Value("bytes_freed"));
        Assert.Equal(2, swept.Int64Value("kept_referenced"));
        await AssertError(await _http.GetAsync($"/api/v1/blobs/{dropped.Hash}"), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Equal(shared.Content, await _http.GetByteArrayAsync("/api/v1/datasets/sweep/versions/2/files/shared.txt"));
    }

    private List<string> BlobFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs", "default"), "*", SearchOption.AllDirectories)];
}
