using System.Text;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Stores;
using Slipway.Data.Blobs;
using Slipway.Data.Datasets;
using Slipway.Data.Profiling;
using Slipway.Storage;
using Slipway.Storage.Blobs;

namespace Slipway.Data.Tests.Blobs;

/// <summary>The blob sweep over a real SQLite store and real blob files, alone and racing pushes.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the gate through IAsyncLifetime.DisposeAsync.")]
public sealed class BlobSweeperTests : IAsyncLifetime
{
    private const string Workspace = "team";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "slipway-sweep-" + Guid.NewGuid().ToString("N"));
    private readonly BlobSweepGate _gate = new();
    private IMetadataStore? _store;
    private LocalBlobStore? _blobs;
    private DatasetService? _datasets;
    private BlobSweeper? _sweeper;

    private static readonly TimeSpan Grace = BlobSweeper.MinimumGracePeriod;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _store = await MetadataStoreFactory.OpenAsync("sqlite:///" + Path.Combine(_root, "slipway.db"), new StoreOptions { DefaultArtifactRoot = "mlflow-artifacts:/" });
        _blobs = new LocalBlobStore(Path.Combine(_root, "blobs"));
        _datasets = new DatasetService(_store, _blobs, _gate, new VersionProfiler(_blobs));
        _sweeper = new BlobSweeper(_store, _blobs, _gate, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _gate.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task The_sweep_deletes_old_unreferenced_blobs_and_keeps_referenced_and_recent_ones()
    {
        var shared = await PushAsync("a", [("shared.txt", "kept by version 2"), ("only-v1.txt", "dropped with version 1")]);
        await PushAsync("a", [("shared.txt", "kept by version 2"), ("only-v2.txt", "new in version 2")]);
        await _store!.DeleteDatasetVersionAsync(Workspace, "a", 1);
        AgeEveryBlob(TimeSpan.FromHours(2));
        var fresh = Entry("fresh.txt", "uploaded a moment ago, not committed yet");
        await _blobs!.PutAsync(Workspace, fresh.Hash, Content(fresh));

        var result = await _sweeper!.SweepAsync(Workspace, Grace);

        Assert.Equal(new SweepResult(Examined: 4, Deleted: 1, BytesFreed: Encoding.UTF8.GetByteCount("dropped with version 1"), KeptRecent: 1, KeptReferenced: 2), result);
        Assert.False(await _blobs.ExistsAsync(Workspace, shared.Single(f => f.Path == "only-v1.txt").Hash));
        Assert.True(await _blobs.ExistsAsync(Workspace, fresh.Hash));
        Assert.Empty(await MissingOfEveryVersionAsync("a"));

        // Restartable and idempotent: a second sweep finds nothing more to do.
        Assert.Equal(0, (await _sweeper.SweepAsync(Workspace, Grace)).Deleted);
    }

    [Fact]
    public async Task A_grace_period_shorter_than_the_minimum_is_refused()
    {
        var error = await Assert.ThrowsAsync<SlipwayException>(() => _sweeper!.SweepAsync(Workspace, TimeSpan.FromMinutes(1)));

        Assert.Contains("at least 10 minutes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_a_push_has_found_present_is_not_swept_before_the_push_commits()
    {
        var files = await PushAsync("b", [("x.txt", "reused by the next push")]);
        await _store!.DeleteDatasetVersionAsync(Workspace, "b", 1);
        AgeEveryBlob(TimeSpan.FromHours(2));

        // The plan finds the old, unreferenced blob present, so the client will not upload it again...
        Assert.Empty(await _datasets!.PlanPushAsync(Workspace, "b", files));
        // ...and a sweep that runs before the commit must keep it.
        var result = await _sweeper!.SweepAsync(Workspace, Grace);
        Assert.Equal(0, result.Deleted);

        var committed = await _datasets.CommitAsync(Workspace, new NewDatasetVersion("b", files));
        Assert.Equal(2, committed.Version.Version);
        Assert.Empty(await MissingOfEveryVersionAsync("b"));
    }

    [Fact]
    public async Task Sweeps_racing_pushes_never_leave_a_committed_version_with_a_missing_blob()
    {
        var deletedInTotal = 0L;
        for (var round = 0; round < 15; round++)
        {
            // Each round: an unreferenced, old generation of blobs, then a push that reuses half of it while sweeps run.
            var previous = await PushAsync("race", Enumerable.Range(0, 20).Select(i => ($"f{i}.txt", $"round {round} file {i}")).ToList());
            await _store!.DeleteDatasetVersionAsync(Workspace, "race", (await _store.ListDatasetVersionsAsync(Workspace, "race"))[0].Version);
            AgeEveryBlob(TimeSpan.FromHours(2));

            var next = previous.Take(10).Concat(Enumerable.Range(0, 10).Select(i => Entry($"g{i}.txt", $"round {round} new {i}"))).ToList();
            var push = Task.Run(async () =>
            {
                // Found present by the plan, or uploaded just now: either way too recent to sweep, so the commit
                // must succeed at the first try.
                foreach (var hash in await _datasets!.PlanPushAsync(Workspace, "race", next))
                {
                    await _blobs!.PutAsync(Workspace, hash, Content(next.First(f => f.Hash == hash)));
                }

                return await _datasets.CommitAsync(Workspace, new NewDatasetVersion("race", next));
            });
            var sweeps = Task.Run(async () =>
            {
                long deleted = 0;
                for (var i = 0; i < 5; i++)
                {
                    deleted += (await _sweeper!.SweepAsync(Workspace, Grace)).Deleted;
                }

                return deleted;
            });

            await push;
            deletedInTotal += await sweeps;
            Assert.Empty(await MissingOfEveryVersionAsync("race"));
        }

        // The race was real: the sweeps did delete the blobs nothing reused.
        Assert.True(deletedInTotal > 0);
    }

    private async Task<IReadOnlyList<ManifestEntry>> PushAsync(string dataset, IReadOnlyList<(string Path, string Text)> files)
    {
        var entries = files.Select(f => Entry(f.Path, f.Text)).ToList();
        foreach (var entry in entries)
        {
            await _blobs!.PutAsync(Workspace, entry.Hash, Content(entry));
        }

        await _datasets!.CommitAsync(Workspace, new NewDatasetVersion(dataset, entries));
        return entries;
    }

    private async Task<IReadOnlyList<ContentHash>> MissingOfEveryVersionAsync(string dataset)
    {
        var missing = new List<ContentHash>();
        foreach (var version in await _store!.ListDatasetVersionsAsync(Workspace, dataset))
        {
            var manifest = await _store.GetDatasetManifestAsync(Workspace, dataset, version.Version);
            foreach (var file in manifest)
            {
                if (!File.Exists(BlobPath(file.Hash)))
                {
                    missing.Add(file.Hash);
                }
            }
        }

        return missing;
    }

    private void AgeEveryBlob(TimeSpan age)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_root, "blobs", Workspace), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow - age);
        }
    }

    private string BlobPath(ContentHash hash) => Path.Combine(_root, "blobs", Workspace, hash.Hex![..2], hash.Hex[2..4], hash.Hex);

    private readonly Dictionary<ContentHash, byte[]> _contents = [];

    private ManifestEntry Entry(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var hash = ContentHash.Of(bytes);
        lock (_contents)
        {
            _contents[hash] = bytes;
        }

        return new ManifestEntry(path, bytes.Length, hash, "text/plain");
    }

    private MemoryStream Content(ManifestEntry entry)
    {
        lock (_contents)
        {
            return new MemoryStream(_contents[entry.Hash]);
        }
    }
}
