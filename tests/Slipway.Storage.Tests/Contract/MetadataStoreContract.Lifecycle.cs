using Slipway.Core.Errors;
using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task Store_reports_its_kind_schema_version_and_answers_pings()
    {
        Assert.True(Store.Kind is "sqlite" or "postgresql");
        Assert.True(Store.SchemaVersion >= 2);
        Assert.True(await Store.PingAsync());
    }

    [Fact]
    public async Task Opening_an_older_database_upgrades_it_in_place_and_keeps_its_data()
    {
        // A database as the first release left it, with data written by that release.
        var uri = await Fixture.CreateDatabaseAtSchemaVersionAsync(1);
        const string runId = "0123456789abcdef0123456789abcdef";
        await Fixture.ExecuteSqlAsync(
            uri,
            $"""
            INSERT INTO experiments (experiment_id, workspace_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
            VALUES (7, 'default', 'from-v1', 'mlflow-artifacts:/7', 'active', 1, 1);
            INSERT INTO runs (run_id, experiment_id, name, user_id, status, start_time, artifact_uri, lifecycle_stage)
            VALUES ('{runId}', 7, 'old-run', 'u', 'FINISHED', 1, 'mlflow-artifacts:/7/{runId}/artifacts', 'active');
            INSERT INTO params (run_key, key, value) SELECT run_key, 'p', 'v' FROM runs;
            INSERT INTO metrics (run_key, key, step, timestamp, value, is_nan) SELECT run_key, 'm', 1, 1, 0.5, 0 FROM runs;
            INSERT INTO metrics (run_key, key, step, timestamp, value, is_nan) SELECT run_key, 'n', s, s, 0, 1 FROM runs, (SELECT 3 AS s UNION SELECT 1 UNION SELECT 2) steps;
            INSERT INTO latest_metrics (run_key, key, step, timestamp, value, is_nan) SELECT run_key, 'm', 1, 1, 0.5, 0 FROM runs;
            """);

        await using var upgraded = await MetadataStoreFactory.OpenAsync(uri, Fixture.Options);

        Assert.Equal(Store.SchemaVersion, upgraded.SchemaVersion);
        var run = await upgraded.GetRunAsync(Workspaces.Default, runId);
        Assert.Equal("old-run", run.Info.RunName);
        Assert.Equal([new Param("p", "v")], run.Params);
        Assert.Equal([new Metric("m", 0.5, 1, 1)], run.Metrics);
        var found = await upgraded.SearchRunsAsync(Workspaces.Default, Runs("7", Compare(SearchEntity.Param, "p", ComparisonOperator.Equal, Text("v"))));
        Assert.Equal(runId, Assert.Single(found.Items).Info.RunId);
        await upgraded.LogBatchAsync(Workspaces.Default, runId, [new Metric("m", 0.7, 2, 2)], [], []);
        Assert.Equal([1L, 2L], (await upgraded.GetMetricHistoryAsync(Workspaces.Default, runId, "m", 10, null)).Items.Select(m => m.Step));
        var nanHistory = (await upgraded.GetMetricHistoryAsync(Workspaces.Default, runId, "n", 10, null)).Items;
        Assert.Equal([1L, 2L, 3L], nanHistory.Select(m => m.Step));
        Assert.All(nanHistory, m => Assert.True(double.IsNaN(m.Value)));
        Assert.Equal("Default", (await upgraded.GetExperimentAsync(Workspaces.Default, "0")).Name);
    }

    [Fact]
    public async Task Opening_the_same_database_twice_is_idempotent()
    {
        var uri = await Fixture.CreateDatabaseAsync();
        int version;
        string experimentId;
        await using (var first = await MetadataStoreFactory.OpenAsync(uri, Fixture.Options))
        {
            version = first.SchemaVersion;
            experimentId = await first.CreateExperimentAsync(Workspaces.Default, "kept", null, []);
        }

        await using var second = await MetadataStoreFactory.OpenAsync(uri, Fixture.Options);

        Assert.Equal(version, second.SchemaVersion);
        Assert.Equal("kept", (await second.GetExperimentAsync(Workspaces.Default, experimentId)).Name);
        var all = await second.SearchExperimentsAsync(Workspaces.Default, new ExperimentQuery(SearchFilter.Empty, ViewType.All, 100, [], null));
        Assert.Equal(["kept", "Default"], all.Items.Select(e => e.Name).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task Concurrent_LogBatch_calls_are_all_visible_afterwards()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);
        var runs = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            runs.Add((await NewRunAsync(workspace, experimentId)).Info.RunId);
        }

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => Store.LogBatchAsync(
            workspace,
            runs[i % 4],
            [new Metric("m", i, 1000 + i, i), new Metric($"k{i % 7}", i, 1000 + i, i)],
            [new Param($"p{i}", "v")],
            [new Tag($"t{i}", "x")]))));

        foreach (var (runId, index) in runs.Select((r, i) => (r, i)))
        {
            var run = await Store.GetRunAsync(workspace, runId);
            var expected = Enumerable.Range(0, 200).Where(i => i % 4 == index).ToList();
            Assert.Equal(expected.Count, run.Params.Count);
            Assert.Equal(expected.Count, run.Tags.Count(t => t.Key.StartsWith('t')));
            Assert.Equal(expected.Max(), run.Metrics.Single(m => m.Key == "m").Step);
            var history = await Store.GetMetricHistoryAsync(workspace, runId, "m", 1000, null);
            Assert.Equal(expected.Select(i => (long)i), history.Items.Select(m => m.Step));
        }
    }

    [Fact]
    public async Task A_failing_LogBatch_does_not_fail_the_ones_committed_with_it()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        var id = run.Info.RunId;
        await Store.LogBatchAsync(workspace, id, [], [new Param("fixed", "a")], []);

        var calls = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.LogBatchAsync(workspace, id, [new Metric("m", i, 1, i)], [new Param("fixed", i % 10 == 0 ? "b" : "a")], []);
                return (ErrorCode?)null;
            }
            catch (SlipwayException error)
            {
                return error.Code;
            }
        })).ToList();
        var outcomes = await Task.WhenAll(calls);

        Assert.Equal(10, outcomes.Count(o => o == ErrorCode.InvalidParameterValue));
        Assert.Equal(90, outcomes.Count(o => o is null));
        var steps = (await Store.GetMetricHistoryAsync(workspace, id, "m", 1000, null)).Items.Select(m => m.Step).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 10 != 0).Select(i => (long)i).ToHashSet(), steps);
    }

    [Fact]
    public async Task Concurrent_run_creation_and_experiment_names_stay_consistent()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);

        var created = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => NewRunAsync(workspace, experimentId))));
        var duplicates = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Store.CreateExperimentAsync(workspace, "contested", null, []);
                return true;
            }
            catch (SlipwayException error) when (error.Code == ErrorCode.ResourceAlreadyExists)
            {
                return false;
            }
        })));

        Assert.Equal(50, created.Select(r => r.Info.RunId).Distinct().Count());
        Assert.Equal(50, (await Store.SearchRunsAsync(workspace, Runs(experimentId))).Items.Count);
        Assert.Equal(1, duplicates.Count(ok => ok));
    }
}
