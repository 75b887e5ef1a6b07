using Slipway.Client.Datasets;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;

namespace Slipway.Client.Tests.Datasets;

/// <summary>Push and pull against an in-process server that follows the dataset protocol.</summary>
public sealed class DatasetTransferTests : IDisposable
{
    private const int MiB = 1 << 20;

    private readonly InMemoryDatasetServer _server = new();
    private readonly SlipwayClient _client;
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-transfer-").FullName;

    public DatasetTransferTests()
    {
        _client = _server.CreateClient();
    }

    private string Source => Path.Combine(_directory, "source");

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_pushed_directory_pulls_back_byte_for_byte()
    {
        var files = WriteTree(("train.csv", Text("id,label\n1,cat\n")), ("img/cat/1.png", Random(1, 3000)), ("img/dog/2.png", Random(2, 2 * MiB + 17)),
            ("deep/er/still/empty.bin", []), (".meta/info.json", Text("{}")));

        var pushed = await _client.PushAsync(Source, "pets", new DatasetPushOptions { Message = "first", Parallelism = 3 });
        var target = Path.Combine(_directory, "target");
        var pulled = await _client.PullAsync("data:pets@1", target);

        Assert.True(pushed.Created);
        Assert.Equal((1, 5, 5, 0), (pushed.Version.Version, pushed.FileCount, pushed.BlobsUploaded, pushed.FilesAlreadyStored));
        Assert.Equal(files.Sum(f => (long)f.Content.Length), pushed.BytesHashed);
        Assert.Equal(pushed.BytesHashed, pushed.BytesUploaded);
        Assert.Contains("PUT /api/v1/blobs/" + InMemoryDatasetServer.Hex(files[2].Content), _server.Requests);
        Assert.Single(_server.Requests, r => r == "POST /api/v1/blobs");
        Assert.Equal((5, 5, 0), (pulled.FileCount, pulled.FilesDownloaded, pulled.FilesSkipped));
        AssertSameTree(Source, target);
    }

    [Fact]
    public async Task Pushing_unchanged_files_makes_no_new_version_and_uploads_nothing()
    {
        WriteTree(("a.csv", Text("x\n1\n")), ("b.bin", Random(3, 100)));
        await _client.PushAsync(Source, "d");
        var requestsBefore = _server.Requests.Count;

        var again = await _client.PushAsync(Source, "d");

        Assert.False(again.Created);
        Assert.Equal((1, 0, 0L, 2), (again.Version.Version, again.BlobsUploaded, again.BytesUploaded, again.FilesAlreadyStored));
        Assert.Equal(1, _server.VersionCount("d"));
        Assert.DoesNotContain(_server.Requests.Skip(requestsBefore), r => r.Contains("/blobs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_one_file_of_many_uploads_exactly_one_blob()
    {
        WriteTree(Enumerable.Range(0, 50).Select(i => ($"part/{i:D3}.bin", Random(i, 200 + i))).ToArray());
        await _client.PushAsync(Source, "many");
        var receivedBefore = _server.BlobsReceived;
        File.WriteAllBytes(Path.Combine(Source, "part", "017.bin"), Random(999, 300));

        var second = await _client.PushAsync(Source, "many");

        Assert.True(second.Created);
        Assert.Equal((2, 1, 300L, 49), (second.Version.Version, second.BlobsUploaded, second.BytesUploaded, second.FilesAlreadyStored));
        Assert.Equal(receivedBefore + 1, _server.BlobsReceived);
    }

    [Fact]
    public async Task An_interrupted_push_leaves_no_version_and_running_it_again_uploads_only_what_is_missing()
    {
        // 12 large files, one request each; the push is cancelled while the fourth upload is on its way.
        WriteTree(Enumerable.Range(0, 12).Select(i => ($"big/{i:D2}.bin", Random(i, MiB + i))).ToArray());
        using var interrupt = new CancellationTokenSource();
        _server.BeforeUpload = async number =>
        {
            if (number == 4)
            {
                await interrupt.CancelAsync();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.PushAsync(Source, "big", new DatasetPushOptions { Parallelism = 1 }, cancellationToken: interrupt.Token));
        var storedAfterInterrupt = _server.StoredHashes.Count;
        _server.BeforeUpload = null;
        var resumed = await _client.PushAsync(Source, "big", new DatasetPushOptions { Parallelism = 1 });

        Assert.InRange(storedAfterInterrupt, 3, 4);
        Assert.Equal(1, resumed.Version.Version);
        Assert.Equal(12 - storedAfterInterrupt, resumed.BlobsUploaded);
        Assert.Equal(storedAfterInterrupt, resumed.FilesAlreadyStored);
        Assert.Equal(12, _server.StoredHashes.Count);
        Assert.Equal(1, _server.VersionCount("big"));
    }

    [Fact]
    public async Task A_pull_keeps_files_already_present_and_replaces_those_that_differ()
    {
        WriteTree(("keep.csv", Text("a\n1\n")), ("change.bin", Random(5, 4000)), ("new/big.bin", Random(6, MiB + 5)));
        await _client.PushAsync(Source, "p");
        var target = Path.Combine(_directory, "target");
        Directory.CreateDirectory(target);
        File.Copy(Path.Combine(Source, "keep.csv"), Path.Combine(target, "keep.csv"));
        File.WriteAllBytes(Path.Combine(target, "change.bin"), Random(7, 4000));
        File.WriteAllText(Path.Combine(target, "unrelated.txt"), "mine");

        var pulled = await _client.PullAsync("p", target);

        Assert.Equal((3, 2, 1), (pulled.FileCount, pulled.FilesDownloaded, pulled.FilesSkipped));
        Assert.Equal(4000 + MiB + 5, pulled.BytesDownloaded);
        AssertSameTree(Source, target, ignore: "unrelated.txt");
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "unrelated.txt")));
        Assert.Empty(Directory.GetFiles(target, "*" + VerifiedFileWriter.TemporarySuffix, SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Files_with_the_same_content_are_downloaded_once()
    {
        var same = Random(8, 700);
        WriteTree(("a/x.bin", same), ("b/y.bin", same), ("c.bin", Random(9, 10)));
        await _client.PushAsync(Source, "dups");
        var target = Path.Combine(_directory, "target");

        var pulled = await _client.PullAsync("dups@1", target);

        Assert.Equal((3, 710L), (pulled.FilesDownloaded, pulled.BytesDownloaded));
        AssertSameTree(Source, target);
    }

    [Fact]
    public async Task A_manifest_path_that_would_leave_the_directory_is_refused_before_anything_is_written()
    {
        _server.AddVersion("evil", ("fine.txt", Text("ok")), ("../outside.txt", Text("gotcha")));
        var target = Path.Combine(_directory, "target");

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => _client.PullAsync("evil@1", target));

        Assert.Contains("'../outside.txt'", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.False(File.Exists(Path.Combine(_directory, "outside.txt")));
    }

    [Fact]
    public async Task A_single_file_pushes_as_a_one_file_dataset_and_a_path_pulls_part_of_a_version()
    {
        WriteTree(("train/a.csv", Text("a\n1\n")), ("test/b.csv", Text("b\n2\n")));
        var single = await _client.PushAsync(Path.Combine(Source, "train", "a.csv"), "one");
        await _client.PushAsync(Source, "two");
        var target = Path.Combine(_directory, "target");

        var part = await _client.PullAsync("two@1/train", target);

        Assert.Equal(1, single.FileCount);
        Assert.Equal((1, 1), (part.FileCount, part.FilesDownloaded));
        Assert.True(File.Exists(Path.Combine(target, "train", "a.csv")));
        Assert.False(Directory.Exists(Path.Combine(target, "test")));
    }

    [Fact]
    public async Task Progress_reports_each_phase_with_its_totals_and_ends_complete()
    {
        WriteTree(("a.bin", Random(1, 5000)), ("b.bin", Random(2, 3 * MiB)));
        var reports = new List<TransferProgress>();
        var progress = new SynchronousProgress(reports);

        await _client.PushAsync(Source, "prog", progress: progress);

        Assert.Equal([TransferPhase.Hashing, TransferPhase.Uploading, TransferPhase.Committing], reports.Select(r => r.Phase).Distinct());
        foreach (var phase in new[] { TransferPhase.Hashing, TransferPhase.Uploading })
        {
            var last = reports.Last(r => r.Phase == phase);
            Assert.Equal((5000 + 3 * MiB, 2), (last.BytesDone, last.FilesDone));
            Assert.Equal((last.BytesTotal, last.FilesTotal), (last.BytesDone, last.FilesDone));
        }
    }

    [Fact]
    public async Task A_file_that_changes_while_it_is_pushed_is_named_in_the_error_and_no_version_is_made()
    {
        WriteTree(("stable.bin", Random(1, 100)), ("growing.log", Random(2, 2 * MiB)));
        _server.BeforeUpload = _ =>
        {
            File.WriteAllBytes(Path.Combine(Source, "growing.log"), Random(3, 10));
            return Task.CompletedTask;
        };

        var ex = await Assert.ThrowsAsync<IOException>(() => _client.PushAsync(Source, "changing", new DatasetPushOptions { Parallelism = 1 }));

        Assert.Contains("growing.log' changed or disappeared while it was being pushed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.VersionCount("changing"));
    }

    [Fact]
    public async Task Invalid_names_and_tags_are_refused_before_any_request()
    {
        WriteTree(("a.csv", Text("a\n")));

        await Assert.ThrowsAsync<SlipwayException>(() => _client.PushAsync(Source, "bad name"));
        await Assert.ThrowsAsync<SlipwayException>(() => _client.PushAsync(Source, "ok", new DatasetPushOptions { Tags = ["3rd"] }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.PushAsync(Source, "ok", new DatasetPushOptions { Parallelism = 0 }));
        Assert.Empty(_server.Requests);
    }

    private (string Path, byte[] Content)[] WriteTree(params (string Path, byte[] Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine([Source, .. path.Split('/')]);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }

        return files;
    }

    private static void AssertSameTree(string expected, string actual, string? ignore = null)
    {
        static Dictionary<string, byte[]> Read(string root, string? ignore) => Directory
            .EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != ignore)
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(root, f)));

        var want = Read(expected, ignore);
        var got = Read(actual, ignore);
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        Assert.All(want, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(got[pair.Key]), $"{pair.Key} differs"));
    }

    private static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static byte[] Random(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Records reports as they are made (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
