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
        var uri = await Fixture.CreateDatabaseAsync();
        string experimentId;
        string runId;
        await using (var old = await Fixture.OpenAtSchemaVersionAsync(uri, 1))
        {
            Assert.Equal(1, old.SchemaVersion);
            experimentId = await old.CreateExperimentAsync(Workspaces.Default, "from-v1", null, []);
            runId = (await old.CreateRunAsync(Workspaces.Default, new NewRun(experimentId, "u", "old-run", 1, []))).Info.RunId;
            await old.LogBatchAsync(Workspaces.Default, runId, [new Metric("m", 1, 1, 1)], [new Param("p", "v")], []);
        }

        await using var upgraded = await MetadataStoreFactory.OpenAsync(uri, Fixture.Options);

        Assert.Equal(Store.SchemaVersion, upgraded.SchemaVersion);
        var run = await upgraded.GetRunAsync(Workspaces.Default, runId);
        Assert.Equal("old-run", run.Info.RunName);
        Assert.Equal([new Param("p", "v")], run.Params);
        var found = await upgraded.SearchRunsAsync(Workspaces.Default, Runs(experimentId, Compare(SearchEntity.Param, "p", ComparisonOperator.Equal, Text("v"))));
        Assert.Equal(runId, Assert.Single(found.Items).Info.RunId);
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
