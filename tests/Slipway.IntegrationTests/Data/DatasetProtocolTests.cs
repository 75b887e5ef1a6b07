using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;
using WireFile = Slipway.IntegrationTests.Data.DatasetWire.File;

namespace Slipway.IntegrationTests.Data;

public sealed class SqliteDatasetProtocolTests(SlipwayServerFixture server) : DatasetProtocolTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresDatasetProtocolTests(PostgresServerFixture server) : DatasetProtocolTests<PostgresServerFixture>(server);

/// <summary>The push and pull protocol over real HTTP: plan, uploads, atomic commit, manifests, files, tags, diff.</summary>
public abstract class DatasetProtocolTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private readonly HttpClient _http = server.Http;
    private readonly DatasetWire _wire = new(server.Http);

    private static List<WireFile> Files(string salt) =>
    [
        WireFile.Text("README.md", "# images " + salt, "text/markdown"),
        new("img/cat/1.bin", [.. Encoding.UTF8.GetBytes(salt), 0, 1, 2, 255, 254]),
        new("img/dog/2.bin", [.. Encoding.UTF8.GetBytes(salt), 9, 8, 7, 0]),
        new("big/weights.bin", [.. Encoding.UTF8.GetBytes(salt), .. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 % 251))]),
    ];

    [Fact]
    public async Task A_push_plans_uploads_the_missing_contents_and_commits_a_version_whose_files_come_back_byte_for_byte()
    {
        var dataset = Names.Unique("images");
        var files = Files(dataset);

        var missing = await _wire.PlanOkAsync(dataset, files);
        Assert.Equal(files.Select(f => f.Hash).Order(), missing.Order());

        // The large file goes on its own, the small ones in one tar batch.
        Assert.Equal(200, (int)(await _wire.PutBlobAsync(files[3].Hash, files[3].Content)).StatusCode);
        var batch = await ReadOkAsync(await _wire.PutBatchAsync(files.Take(3).Select(f => (f.Hash, f.Content))));
        Assert.Equal(3, batch.Int64Value("stored"));
        Assert.Empty(await _wire.PlanOkAsync(dataset, files));

        using var committed = await _wire.CommitAsync(dataset, files, "first images");
        Assert.Equal(201, (int)committed.StatusCode);
        var version = await DatasetWire.ReadSuccessAsync(committed);
        Assert.Equal(1, version.Int64Value("version"));
        Assert.True(version["created"]!.GetValue<bool>());
        Assert.Equal(4, version.Int64Value("file_count"));
        Assert.Equal(files.Sum(f => f.Content.Length), version.Int64Value("total_bytes"));
        Assert.Equal("first images", version.Str("message"));
        Assert.Equal(["latest"], version["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var manifest = await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions/1/files");
        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), manifest.Items("files").Select(f => f.Str("path")));
        foreach (var file in files)
        {
            Assert.Equal(file.Content, await _http.GetByteArrayAsync($"/api/v1/datasets/{dataset}/versions/latest/files/{file.Path}"));
            Assert.Equal(file.Content, await _http.GetByteArrayAsync($"/api/v1/blobs/{file.Hash}"));
        }

        var fetched = new Dictionary<string, byte[]>();
        var names = await _wire.FetchNamesAsync(files.Take(3).Select(f => f.Hash), fetched);
        Assert.Equal(files.Take(3).Select(f => f.Hash), names);
        Assert.All(files.Take(3), f => Assert.Equal(f.Content, fetched[f.Hash]));

        var listed = (await _wire.GetOkAsync("/api/v1/datasets")).Items("datasets").Single(d => d.Str("name") == dataset);
        Assert.Equal(1, listed.Int64Value("latest_version"));
    }

    [Fact]
    public async Task A_commit_before_every_content_is_uploaded_is_refused_and_leaves_no_version()
    {
        var dataset = Names.Unique("partial");
        var files = Files(dataset);
        await _wire.UploadAsync(files.Take(2));

        using var refused = await _wire.CommitAsync(dataset, files);

        var message = await AssertError(refused, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("2 file content(s) have not been uploaded yet", message, StringComparison.Ordinal);
        await AssertError(await _http.GetAsync($"/api/v1/datasets/{dataset}/versions"), 404, "RESOURCE_DOES_NOT_EXIST");

        // Resuming asks again and uploads only what is still missing.
        var stillMissing = await _wire.PlanOkAsync(dataset, files);
        Assert.Equal(files.Skip(2).Select(f => f.Hash).Order(), stillMissing.Order());
        await _wire.UploadAsync(files.Skip(2));
        Assert.Equal(201, (int)(await _wire.CommitAsync(dataset, files)).StatusCode);
    }

    [Fact]
    public async Task An_upload_whose_bytes_do_not_match_its_hash_or_that_is_cut_short_stores_nothing()
    {
        var file = WireFile.Text("a.txt", "the real content " + Guid.NewGuid());

        var message = await AssertError(await _wire.PutBlobAsync(file.Hash, Encoding.UTF8.GetBytes("something else")), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(file.Hash, message, StringComparison.Ordinal);

        // An interrupted transfer: the connection closes before the announced length arrives.
        var raw = Encoding.ASCII.GetBytes($"PUT /api/v1/blobs/{file.Hash} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: {file.Content.Length}\r\nConnection: close\r\n\r\n");
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(server.BaseUri.Host, server.BaseUri.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(raw);
            await stream.WriteAsync(file.Content.AsMemory(0, file.Content.Length / 2));
            await stream.FlushAsync();
        }

        await Task.Delay(200);
        Assert.Equal([file.Hash], await _wire.PlanOkAsync(Names.Unique("cut"), [file]));
        await AssertError(await _http.GetAsync($"/api/v1/blobs/{file.Hash}"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Pushing_unchanged_data_makes_no_new_version_and_changing_one_file_uploads_one_content()
    {
        var dataset = Names.Unique("stable");
        var files = Enumerable.Range(0, 200).Select(i => WireFile.Text($"part/{i:D3}.txt", $"{dataset} row {i}")).ToList();
        await _wire.PushAsync(dataset, files);

        using var again = await _wire.CommitAsync(dataset, files);
        Assert.Equal(200, (int)again.StatusCode);
        var same = await ReadOkAsync(again);
        Assert.False(same["created"]!.GetValue<bool>());
        Assert.Equal(1, same.Int64Value("version"));

        files[17] = WireFile.Text("part/017.txt", "edited");
        Assert.Equal([files[17].Hash], await _wire.PlanOkAsync(dataset, files));
        var second = await _wire.PushAsync(dataset, files);
        Assert.Equal(2, second.Int64Value("version"));
    }

    [Theory]
    [InlineData("../escape.txt", "Invalid file path '../escape.txt'")]
    [InlineData("/abs/path.txt", "Invalid file path '/abs/path.txt'")]
    [InlineData("a//b.txt", "Invalid file path 'a//b.txt'")]
    public async Task A_manifest_with_an_unclean_path_is_refused_naming_it_and_existing_versions_stay(string path, string expected)
    {
        var dataset = Names.Unique("paths");
        var good = WireFile.Text("ok.txt", dataset);
        await _wire.PushAsync(dataset, [good]);

        var message = await AssertError(await _wire.PlanAsync(dataset, [good, WireFile.Text(path, "x")]), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        await AssertError(await _wire.CommitAsync(dataset, [good, WireFile.Text(path, "x")]), 400, "INVALID_PARAMETER_VALUE");

        var versions = (await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions")).Items("versions");
        Assert.Equal(1, Assert.Single(versions).Int64Value("version"));
    }

    [Fact]
    public async Task Bad_manifests_hashes_and_batches_get_clear_errors()
    {
        var dataset = Names.Unique("bad");
        var file = WireFile.Text("a.txt", "a");
        var duplicate = await AssertError(await _wire.PlanAsync(dataset, [file, file]), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'a.txt' more than once", duplicate, StringComparison.Ordinal);

        var badHash = new JsonObject { ["files"] = new JsonArray(new JsonObject { ["path"] = "a.txt", ["size"] = 1, ["hash"] = "XYZ" }) };
        Assert.Contains("Invalid hash 'XYZ' for 'a.txt'", await AssertError(await _http.PostAsJsonAsync($"/api/v1/datasets/{dataset}/plan", badHash), 400, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);

        var wrongType = new JsonObject { ["files"] = "not a list" };
        await AssertError(await _http.PostAsJsonAsync($"/api/v1/datasets/{dataset}/plan", wrongType), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("not named by a content hash", await AssertError(await _wire.PutBatchAsync([("notahash", [1, 2, 3])]), 400, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
        Assert.Contains("hashes to", await AssertError(await _wire.PutBatchAsync([(file.Hash, [9, 9, 9])]), 400, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);

        using var notTar = new ByteArrayContent(Encoding.UTF8.GetBytes(new string('x', 2000)));
        notTar.Headers.ContentType = new("application/x-tar");
        Assert.Contains("not a valid tar archive", await AssertError(await _http.PostAsync("/api/v1/blobs", notTar), 400, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);

        await AssertError(await _http.PutAsync("/api/v1/blobs/nothex", new ByteArrayContent([1])), 400, "INVALID_PARAMETER_VALUE");
        await AssertError(await _http.GetAsync($"/api/v1/blobs/{new string('0', 64)}"), 404, "RESOURCE_DOES_NOT_EXIST");
        await AssertError(await _http.GetAsync("/api/v1/datasets/bad name/versions"), 400, "INVALID_PARAMETER_VALUE");
        await AssertError(await _http.GetAsync($"/api/v1/datasets/{dataset}/versions/7"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Tags_name_versions_move_and_latest_cannot_be_removed()
    {
        var dataset = Names.Unique("tagged");
        await _wire.PushAsync(dataset, [WireFile.Text("a.txt", "1")]);
        await _wire.PushAsync(dataset, [WireFile.Text("a.txt", "2")]);

        var tagged = await ReadOkAsync(await _http.PutAsJsonAsync($"/api/v1/datasets/{dataset}/tags/golden", new JsonObject { ["version"] = 1 }));
        Assert.Equal(["golden"], tagged["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(1, (await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions/golden")).Int64Value("version"));
        Assert.Equal(2, (await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions/latest")).Int64Value("version"));

        await AssertError(await _http.DeleteAsync($"/api/v1/datasets/{dataset}/tags/latest"), 400, "INVALID_PARAMETER_VALUE");
        await ReadOkAsync(await _http.DeleteAsync($"/api/v1/datasets/{dataset}/tags/golden"));
        await AssertError(await _http.GetAsync($"/api/v1/datasets/{dataset}/versions/golden"), 404, "RESOURCE_DOES_NOT_EXIST");
        await AssertError(await _http.PutAsJsonAsync($"/api/v1/datasets/{dataset}/tags/3rd", new JsonObject { ["version"] = 1 }), 400, "INVALID_PARAMETER_VALUE");
        await AssertError(await _http.PutAsJsonAsync($"/api/v1/datasets/{dataset}/tags/x", new JsonObject { ["version"] = 9 }), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Diff_names_added_removed_and_changed_files()
    {
        var dataset = Names.Unique("diffed");
        await _wire.PushAsync(dataset, [WireFile.Text("keep.txt", "k"), WireFile.Text("change.txt", "1"), WireFile.Text("drop.txt", "d")]);
        await _wire.PushAsync(dataset, [WireFile.Text("keep.txt", "k"), WireFile.Text("change.txt", "2"), WireFile.Text("new.txt", "n")]);

        var diff = await _wire.GetOkAsync($"/api/v1/dataset-diff?from=data:{dataset}@1&to={dataset}@latest");

        Assert.Equal($"data:{dataset}@1", diff.Str("from"));
        Assert.Equal($"data:{dataset}@2", diff.Str("to"));
        Assert.Equal(["new.txt"], diff.Items("added").Select(f => f.Str("path")));
        Assert.Equal(["drop.txt"], diff.Items("removed").Select(f => f.Str("path")));
        var changed = Assert.Single(diff.Items("changed"));
        Assert.Equal("change.txt", changed.Str("path"));
        Assert.NotEqual(changed.Str("from.hash"), changed.Str("to.hash"));
        Assert.Equal(1, diff.Int64Value("unchanged_count"));
        await AssertError(await _http.GetAsync($"/api/v1/dataset-diff?from=data:{dataset}@1"), 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Deleting_a_version_keeps_the_others_and_moves_latest_back()
    {
        var dataset = Names.Unique("deleted");
        await _wire.PushAsync(dataset, [WireFile.Text("a.txt", "1")]);
        await _wire.PushAsync(dataset, [WireFile.Text("a.txt", "2")]);

        await AssertError(await _http.DeleteAsync($"/api/v1/datasets/{dataset}/versions/latest"), 400, "INVALID_PARAMETER_VALUE");
        await ReadOkAsync(await _http.DeleteAsync($"/api/v1/datasets/{dataset}/versions/2"));

        Assert.Equal(1, (await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions/latest")).Int64Value("version"));
        await AssertError(await _http.GetAsync($"/api/v1/datasets/{dataset}/versions/2"), 404, "RESOURCE_DOES_NOT_EXIST");

        // Numbers are never reused.
        Assert.Equal(3, (await _wire.PushAsync(dataset, [WireFile.Text("a.txt", "3")])).Int64Value("version"));
    }
}
