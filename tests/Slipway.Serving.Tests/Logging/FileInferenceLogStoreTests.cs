using System.Text;
using Slipway.Serving.Deployments;
using Slipway.Serving.Logging;

namespace Slipway.Serving.Tests.Logging;

public sealed class FileInferenceLogStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("slipway-infer-log-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Records_of_every_datatype_and_failed_ones_read_back_as_they_were_written()
    {
        var tensors = LogRecords.EveryDatatype();
        var ok = LogRecords.Ok("r-1", LogRecords.Noon.AddMilliseconds(123)) with { Inputs = tensors, Outputs = tensors, LatencyMs = 0.001 };
        var failed = LogRecords.Ok("r-2", LogRecords.Noon.AddSeconds(1)) with { Route = RouteNames.Shadow, Protocol = "v1", Error = "Input 'x' expects FP32, got INT64.", Outputs = [] };
        await using (var store = new FileInferenceLogStore(_root))
        {
            await store.AppendAsync([ok, failed]);
        }

        var read = await ReadAllAsync(new FileInferenceLogStore(_root + Path.DirectorySeparatorChar), LogRecords.Noon, LogRecords.Noon.AddHours(1));

        Assert.Equal(2, read.Count);
        LogRecords.AssertSame(ok, read[0]);
        LogRecords.AssertSame(failed, read[1]);
        Assert.Equal(InferenceLogRecord.StatusError, read[1].Status);
    }

    [Fact]
    public async Task Records_are_read_by_time_range_across_hours_and_days()
    {
        var day = new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero);
        var times = new[] { day.AddMinutes(-30), day.AddMinutes(10), day.AddMinutes(50), day.AddMinutes(80), day.AddHours(3) };
        await using var store = new FileInferenceLogStore(_root);
        await store.AppendAsync([.. times.Select((t, i) => LogRecords.Ok($"r-{i}", t)), LogRecords.Ok("other", day.AddMinutes(20), deployment: "fraud")]);

        var firstHour = await ReadAllAsync(store, day, day.AddHours(1));
        var around = await ReadAllAsync(store, day.AddMinutes(-31), day.AddMinutes(11));
        var boundary = await ReadAllAsync(store, day.AddMinutes(10), day.AddMinutes(50));

        Assert.Equal(["r-1", "r-2"], firstHour.Select(r => r.RequestId));
        Assert.Equal(["r-0", "r-1"], around.Select(r => r.RequestId));
        Assert.Equal(["r-1"], boundary.Select(r => r.RequestId));
        Assert.True(Directory.Exists(Path.Combine(_root, "default", "churn", "2026-03-13")));
        Assert.True(Directory.Exists(Path.Combine(_root, "default", "churn", "2026-03-14")));
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_and_a_restarted_store_writes_a_new_segment()
    {
        await using (var store = new FileInferenceLogStore(_root))
        {
            await store.AppendAsync([LogRecords.Ok("r-1", LogRecords.Noon), LogRecords.Ok("r-2", LogRecords.Noon.AddSeconds(1))]);
        }

        var segment = Assert.Single(SegmentFiles());
        var line = File.ReadAllLines(segment)[0];
        await File.AppendAllTextAsync(segment, line[..(line.Length / 2)], Encoding.UTF8);
        await using (var restarted = new FileInferenceLogStore(_root))
        {
            await restarted.AppendAsync([LogRecords.Ok("r-3", LogRecords.Noon.AddSeconds(2))]);
        }

        var read = await ReadAllAsync(new FileInferenceLogStore(_root), LogRecords.Noon, LogRecords.Noon.AddHours(1));

        Assert.Equal(["r-1", "r-2", "r-3"], read.Select(r => r.RequestId));
        Assert.Equal(2, SegmentFiles().Count);
    }

    [Fact]
    public async Task A_last_line_padded_with_nul_bytes_by_a_crash_is_skipped()
    {
        await using (var store = new FileInferenceLogStore(_root))
        {
            await store.AppendAsync([LogRecords.Ok("r-1", LogRecords.Noon)]);
        }

        await using (var file = new FileStream(Assert.Single(SegmentFiles()), FileMode.Append))
        {
            file.Write(new byte[4096]);
        }

        var read = await ReadAllAsync(new FileInferenceLogStore(_root), LogRecords.Noon, LogRecords.Noon.AddHours(1));

        Assert.Equal(["r-1"], read.Select(r => r.RequestId));
    }

    [Fact]
    public async Task A_bad_line_before_the_last_is_reported_with_its_file_and_line()
    {
        await using (var store = new FileInferenceLogStore(_root))
        {
            await store.AppendAsync([LogRecords.Ok("r-1", LogRecords.Noon), LogRecords.Ok("r-2", LogRecords.Noon.AddSeconds(1))]);
        }

        var segment = Assert.Single(SegmentFiles());
        var lines = File.ReadAllLines(segment);
        await File.WriteAllTextAsync(segment, lines[0] + "\n{\"request_id\":\n" + lines[1] + "\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new FileInferenceLogStore(_root), LogRecords.Noon, LogRecords.Noon.AddHours(1)));

        Assert.Contains(segment, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segments_roll_over_at_the_size_limit_and_at_each_hour_and_follow_the_layout()
    {
        await using var store = new FileInferenceLogStore(_root, maxSegmentBytes: 1_000);
        var inFirstHour = Enumerable.Range(0, 10).Select(i => LogRecords.Ok($"r-{i}", LogRecords.Noon.AddMinutes(5).AddSeconds(i)));
        await store.AppendAsync([.. inFirstHour, LogRecords.Ok("next-hour", LogRecords.Noon.AddMinutes(61))]);

        var files = SegmentFiles();
        var relative = files.Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).ToList();

        Assert.True(files.Count >= 4, $"{files.Count} segments");
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 1_000, $"{f} has {new FileInfo(f).Length} bytes"));
        Assert.All(relative, r => Assert.Matches(@"^default/churn/2026-03-14/1[23]\d{4}-\d{6}\.jsonl$", r));
        Assert.StartsWith("default/churn/2026-03-14/120500-", relative[0], StringComparison.Ordinal);
        Assert.StartsWith("default/churn/2026-03-14/130100-", relative[^1], StringComparison.Ordinal);
        var all = await ReadAllAsync(store, LogRecords.Noon, LogRecords.Noon.AddHours(2));
        Assert.Equal(11, all.Count);
    }

    [Theory]
    [InlineData("..", "churn")]
    [InlineData("default", "..")]
    [InlineData("default", "../../etc")]
    [InlineData("default", "a/b")]
    [InlineData("default", "/tmp")]
    [InlineData("default", ".hidden")]
    [InlineData("", "churn")]
    public async Task Names_that_could_leave_the_root_are_refused_and_nothing_is_written(string workspace, string deployment)
    {
        await using var store = new FileInferenceLogStore(Path.Combine(_root, "log"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync([LogRecords.Ok("r-1", LogRecords.Noon, deployment, workspace)]));
        await Assert.ThrowsAsync<ArgumentException>(() => ReadAllAsync(store, LogRecords.Noon, LogRecords.Noon.AddHours(1), workspace, deployment));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Listing_names_each_deployment_with_the_hours_it_covers()
    {
        await using var store = new FileInferenceLogStore(_root);
        await store.AppendAsync(
        [
            LogRecords.Ok("r-1", LogRecords.Noon.AddMinutes(1)),
            LogRecords.Ok("r-2", LogRecords.Noon.AddHours(2).AddMinutes(1)),
            LogRecords.Ok("r-3", LogRecords.Noon, deployment: "fraud"),
            LogRecords.Ok("r-4", LogRecords.Noon, deployment: "churn", workspace: "team-b"),
        ]);
        Directory.CreateDirectory(Path.Combine(_root, "default", "empty"));

        var all = await store.ListAsync();
        var teamB = await store.ListAsync("team-b");

        Assert.Equal([("default", "churn"), ("default", "fraud"), ("team-b", "churn")], all.Select(e => (e.WorkspaceId, e.Deployment)));
        var churn = all[0];
        Assert.Equal(LogRecords.Noon, churn.From);
        Assert.Equal(LogRecords.Noon.AddHours(3), churn.To);
        Assert.Equal(2, churn.Segments);
        Assert.True(churn.Bytes > 0);
        Assert.Equal("team-b", Assert.Single(teamB).WorkspaceId);
        Assert.Empty(await store.ListAsync("nobody"));
    }

    private static async Task<List<InferenceLogRecord>> ReadAllAsync(FileInferenceLogStore store, DateTimeOffset since, DateTimeOffset until, string workspace = "default", string deployment = "churn")
    {
        var records = new List<InferenceLogRecord>();
        await foreach (var record in store.ReadAsync(workspace, deployment, since, until))
        {
            records.Add(record);
        }

        return records;
    }

    private List<string> SegmentFiles() =>
        [.. Directory.EnumerateFiles(_root, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
