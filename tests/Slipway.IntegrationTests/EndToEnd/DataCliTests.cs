using System.Net;
using System.Text.Json.Nodes;
using Slipway.Client;
using Slipway.Client.Datasets;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.EndToEnd;

/// <summary>
/// <c>slipway data</c> end to end: the real CLI as a child process against a real server process, and the SDK's push
/// where a test must interrupt it. Files are compared byte for byte after a round trip.
/// </summary>
public sealed class DataCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>, IDisposable
{
    private const int MiB = 1 << 20;

    private readonly TempDirectory _files = new("slipway-data-cli");

    private string Url => fixture.Server.BaseUrl;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_pushed_directory_of_nested_binary_files_pulls_back_byte_for_byte()
    {
        var name = Names.Unique("pets");
        var source = Write("source", ("labels.csv", Text("file,label\ncat/1.png,cat\n")), ("img/cat/1.png", Bytes(1, 70_000)),
            ("img/dog/deeper/2.png", Bytes(2, 3 * MiB + 7)), ("img/empty.bin", []), (".meta/info.json", Text("{\"v\":1}")));

        var push = await Ok("data", "push", source, "--name", name, "-m", "first cut");
        var target = _files.Combine("target");
        var pull = await Ok("data", "pull", $"data:{name}@1", target);

        Assert.StartsWith($"Pushed data:{name}@1: 5 files, 5 uploaded (3.2 MB), 0 already stored, in ", push, StringComparison.Ordinal);
        Assert.StartsWith($"Pulled data:{name}@1 into {target}: 5 files, 5 downloaded (3.2 MB), 0 already present, in ", pull, StringComparison.Ordinal);
        AssertSameTree(source, target);
        var files = JsonNode.Parse(await Ok("data", "files", $"{name}@latest", "--output", "json"))!.AsArray();
        Assert.Equal(
            [(".meta/info.json", "application/json"), ("img/cat/1.png", "image/png"), ("img/dog/deeper/2.png", "image/png"), ("img/empty.bin", "application/octet-stream"), ("labels.csv", "text/csv")],
            files.Select(f => (f!.Str("path"), f!.Str("media_type"))));
        var shown = await Ok("data", "show", name);
        Assert.Contains("first cut", shown, StringComparison.Ordinal);
        Assert.Contains($"data:{name}@1", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pushing_unchanged_data_again_makes_no_new_version()
    {
        var name = Names.Unique("same");
        var source = Write("source", ("a.csv", Text("x\n1\n")), ("b/c.bin", Bytes(3, 5000)));
        await Ok("data", "push", source, "--name", name);

        var again = await Ok("data", "push", source, "--name", name);

        Assert.StartsWith($"Unchanged: data:{name}@1 already holds these 2 files, so no version was made (0 uploaded", again, StringComparison.Ordinal);
        var versions = JsonNode.Parse(await Ok("data", "versions", name, "--output", "json"))!.AsArray();
        Assert.Equal(1, Assert.Single(versions)!.Int64Value("version"));
    }

    [Fact]
    public async Task Changing_one_file_of_many_uploads_exactly_one_blob_and_diff_names_it()
    {
        var name = Names.Unique("many");
        var source = Write("source", [.. Enumerable.Range(0, 300).Select(i => ($"shard/{i:D3}.bin", Bytes(i, 100 + i)))]);
        await Ok("data", "push", source, "--name", name);
        File.WriteAllBytes(Path.Combine(source, "shard", "123.bin"), Bytes(1000, 64));
        File.WriteAllBytes(Path.Combine(source, "shard", "new.bin"), Bytes(1001, 10));
        File.Delete(Path.Combine(source, "shard", "007.bin"));

        var second = JsonNode.Parse(await Ok("data", "push", source, "--name", name, "--output", "json"))!;
        var diff = await Ok("data", "diff", $"{name}@1", $"{name}@2");

        Assert.Equal((2L, true), (second.Int64Value("version.version"), second.Required("created").GetValue<bool>()));
        Assert.Equal((2L, 74L, 298L), (second.Int64Value("blobs_uploaded"), second.Int64Value("bytes_uploaded"), second.Int64Value("files_already_stored")));
        Assert.StartsWith($"data:{name}@1 -> data:{name}@2: 1 added, 1 removed, 1 changed, 298 unchanged.", diff, StringComparison.Ordinal);
        Assert.Contains(Lines(diff), l => l.Contains("added", StringComparison.Ordinal) && l.Contains("shard/new.bin", StringComparison.Ordinal));
        Assert.Contains(Lines(diff), l => l.Contains("removed", StringComparison.Ordinal) && l.Contains("shard/007.bin", StringComparison.Ordinal));
        Assert.Contains(Lines(diff), l => l.Contains("changed", StringComparison.Ordinal) && l.Contains("shard/123.bin", StringComparison.Ordinal) && l.Contains("223 B -> 64 B", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_push_interrupted_mid_upload_leaves_no_version_and_running_it_again_uploads_only_what_is_missing()
    {
        var name = Names.Unique("resume");
        var source = Write("source", [.. Enumerable.Range(0, 8).Select(i => ($"chunk-{i}.bin", Bytes(i, (3 * MiB / 2) + i)))]);
        using var interrupt = new CancellationTokenSource();

        // One request at a time; the fourth upload is cut off after 256 KiB of its body have gone out.
        using (var interrupted = new SlipwayClient(new Uri(Url), new HttpClient(new InterruptingHandler(interrupt, uploadNumber: 4, afterBytes: 256 * 1024))))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                interrupted.PushAsync(source, name, new DatasetPushOptions { Parallelism = 1 }, cancellationToken: interrupt.Token));
        }

        using var client = new SlipwayClient(new Uri(Url));
        Assert.DoesNotContain(await client.ListDatasetsAsync(), d => d.Name == name);
        var resumed = await client.PushAsync(source, name, new DatasetPushOptions { Parallelism = 1 });

        Assert.Equal((1L, true), (resumed.Version.Version, resumed.Created));
        Assert.Equal((5, 3), (resumed.BlobsUploaded, resumed.FilesAlreadyStored));
        var target = _files.Combine("target");
        await Ok("data", "pull", $"{name}@1", target);
        AssertSameTree(source, target);
    }

    [Fact]
    public async Task A_pull_downloads_only_the_files_that_are_missing_or_differ()
    {
        var name = Names.Unique("partial");
        var source = Write("source", [.. Enumerable.Range(0, 20).Select(i => ($"part/{i:D2}.bin", Bytes(i, i == 5 ? 2 * MiB : 1000 + i)))]);
        await Ok("data", "push", source, "--name", name, "--tag", "golden");
        var target = _files.Combine("target");
        await Ok("data", "pull", $"{name}@golden", target);
        File.Delete(Path.Combine(target, "part", "05.bin"));
        File.WriteAllBytes(Path.Combine(target, "part", "11.bin"), Bytes(99, 1011));

        var again = JsonNode.Parse(await Ok("data", "pull", name, target, "--output", "json"))!;

        Assert.Equal((20L, 2L, 18L), (again.Int64Value("file_count"), again.Int64Value("files_downloaded"), again.Int64Value("files_skipped")));
        Assert.Equal(2 * MiB + 1011, again.Int64Value("bytes_downloaded"));
        AssertSameTree(source, target);
    }

    [Fact]
    public async Task Tags_move_versions_are_deleted_by_number_and_gc_keeps_files_used_within_the_grace_period()
    {
        var name = Names.Unique("tags");
        await Ok("data", "push", Write("v1", ("only-in-v1.bin", Bytes(1, 4096))), "--name", name);
        await Ok("data", "push", Write("v2", ("only-in-v2.bin", Bytes(2, 4096))), "--name", name);

        Assert.Equal($"Tag 'golden' of dataset '{name}' now points to version 1.", (await Ok("data", "tag", $"{name}@1", "golden")).Trim());
        var versions = JsonNode.Parse(await Ok("data", "versions", name, "--output", "json"))!.AsArray();
        Assert.Equal([["latest"], ["golden"]], versions.Select(v => v!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray()));
        await Ok("data", "untag", name, "golden");
        var refused = await SlipwayCli.RunAgainstAsync(Url, "data", "delete", $"{name}@latest");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("must name a version by number", refused.StandardError, StringComparison.Ordinal);

        Assert.Equal($"Deleted data:{name}@1.", (await Ok("data", "delete", $"{name}@1")).Trim());
        var gc = JsonNode.Parse(await Ok("data", "gc", "--grace", "10m", "--output", "json"))!;
        var tooShort = await SlipwayCli.RunAgainstAsync(Url, "data", "gc", "--grace", "1m");

        // The deleted version's file was pushed moments ago: within the grace period, so it stays for now.
        Assert.True(gc.Int64Value("examined") >= 2 && gc.Int64Value("kept_recent") >= 1, gc.ToJsonString());
        Assert.Contains("at least 10 minutes", tooShort.StandardError, StringComparison.Ordinal);
        var gone = await SlipwayCli.RunAgainstAsync(Url, "data", "show", $"{name}@1");
        Assert.StartsWith("error: RESOURCE_DOES_NOT_EXIST", gone.StandardError, StringComparison.Ordinal);
        Assert.Contains(name, await Ok("data", "list"), StringComparison.Ordinal);
    }

    /// <summary>Runs a CLI command against the fixture's server and asserts exit code 0; returns standard output.</summary>
    private async Task<string> Ok(params string[] args)
    {
        var result = await SlipwayCli.RunAgainstAsync(Url, args);
        Assert.True(result.ExitCode == 0, $"slipway {string.Join(' ', args)}: {result}");
        return result.StandardOutput;
    }

    private string Write(string directory, params (string Path, byte[] Content)[] files)
    {
        var root = _files.Combine(directory);
        Directory.CreateDirectory(root);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine([root, .. path.Split('/')]);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }

        return root;
    }

    private static void AssertSameTree(string expected, string actual)
    {
        static Dictionary<string, byte[]> Read(string root) => Directory
            .EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes);

        var want = Read(expected);
        var got = Read(actual);
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        Assert.All(want, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(got[pair.Key]), $"{pair.Key} differs"));
    }

    private static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static byte[] Bytes(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Cancels <paramref name="interrupt"/> part-way through sending the body of the n-th blob upload (PUT /blobs/...).</summary>
    private sealed class InterruptingHandler(CancellationTokenSource interrupt, int uploadNumber, long afterBytes) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _uploads;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.StartsWith("/api/v1/blobs/", StringComparison.Ordinal)
                && Interlocked.Increment(ref _uploads) == uploadNumber)
            {
                request.Content = new InterruptedContent(request.Content!, interrupt, afterBytes);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class InterruptedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly CancellationTokenSource _interrupt;
        private readonly long _afterBytes;

        public InterruptedContent(HttpContent inner, CancellationTokenSource interrupt, long afterBytes)
        {
            _inner = inner;
            _interrupt = interrupt;
            _afterBytes = afterBytes;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var buffered = new MemoryStream();
            await _inner.CopyToAsync(buffered, context, cancellationToken);
            await stream.WriteAsync(buffered.GetBuffer().AsMemory(0, (int)_afterBytes), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await _interrupt.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            await stream.WriteAsync(buffered.GetBuffer().AsMemory((int)_afterBytes, (int)(buffered.Length - _afterBytes)), cancellationToken);
        }

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
}
