using Microsoft.Data.Sqlite;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Sqlite;

/// <summary>
/// Another process may hold the database's write lock (a backup, a sqlite3 shell). Writes queued meanwhile
/// must fail once the busy timeout passes, every one of them, and the store must work again afterwards.
/// </summary>
public sealed class SqliteWriteLockTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("slipway-lock-tests-");

    private string DatabasePath => Path.Combine(_directory.FullName, "store.db");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Writes_queued_while_another_connection_holds_the_lock_fail_after_the_busy_timeout_and_later_writes_succeed()
    {
        var options = new StoreOptions { SqliteBusyTimeout = TimeSpan.FromMilliseconds(300) };
        await using var store = await MetadataStoreFactory.OpenAsync($"sqlite:///{DatabasePath}", options);
        var experimentId = await store.CreateExperimentAsync(Workspaces.Default, "locked", null, []);
        var runId = (await store.CreateRunAsync(Workspaces.Default, new NewRun(experimentId, "u", null, 1, []))).Info.RunId;

        await using (var other = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var hold = other.BeginTransaction(deferred: false);

            var writes = Enumerable.Range(0, 5)
                .Select(i => store.LogBatchAsync(Workspaces.Default, runId, [new Metric("m", i, i, i)], [], []))
                .ToList();
            foreach (var write in writes)
            {
                var error = await Assert.ThrowsAnyAsync<Exception>(() => write.WaitAsync(TimeSpan.FromSeconds(20)));
                Assert.IsNotType<TimeoutException>(error);
            }
        }

        await store.LogBatchAsync(Workspaces.Default, runId, [new Metric("m", 9, 9, 9)], [], []);
        Assert.Equal([9L], (await store.GetMetricHistoryAsync(Workspaces.Default, runId, "m", 10, null)).Items.Select(m => m.Step));
    }
}
