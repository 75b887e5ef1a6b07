using Slipway.Core.Errors;
using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Storage.Tests.Support;

namespace Slipway.Storage.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IMetadataStore"/> must have, run against each implementation by a subclass.
/// Tests share one database per class, so each works in a workspace of its own (<see cref="NewWorkspace"/>)
/// and never sees another test's data.
/// </summary>
public abstract partial class MetadataStoreContract(StoreFixture fixture)
{
    protected StoreFixture Fixture { get; } = fixture;

    protected IMetadataStore Store => Fixture.Store;

    protected static string NewWorkspace() => "ws-" + Guid.NewGuid().ToString("N")[..12];

    protected static string UniqueName(string prefix = "n") => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    protected Task<string> NewExperimentAsync(string workspace, string? name = null, IReadOnlyList<Tag>? tags = null) =>
        Store.CreateExperimentAsync(workspace, name ?? UniqueName("exp"), null, tags ?? []);

    protected async Task<Run> NewRunAsync(string workspace, string experimentId, string? name = null, long startTime = 1000, IReadOnlyList<Tag>? tags = null) =>
        await Store.CreateRunAsync(workspace, new NewRun(experimentId, "alice", name, startTime, tags ?? []));

    protected async Task<(string Workspace, string ExperimentId, Run Run)> NewWorkspaceWithRunAsync()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);
        return (workspace, experimentId, await NewRunAsync(workspace, experimentId));
    }

    protected Task LogMetricsAsync(string workspace, string runId, params Metric[] metrics) =>
        Store.LogBatchAsync(workspace, runId, metrics, [], []);

    protected static async Task<SlipwayException> AssertFailsAsync(ErrorCode code, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<SlipwayException>(action);
        Assert.Equal(code, error.Code);
        return error;
    }

    protected static RunQuery Runs(string experimentId, params FilterComparison[] filter) =>
        new([experimentId], new SearchFilter(filter), ViewType.ActiveOnly, 1000, [], null);

    protected static FilterComparison Compare(SearchEntity entity, string key, ComparisonOperator op, FilterValue? value) =>
        new(entity, key, op, value);

    protected static StringValue Text(string value) => new(value);

    protected static NumberValue Number(double value) => new(value);

    protected static ListValue List(params string[] values) => new(values);

    protected async Task<IReadOnlyList<string>> SearchRunNamesAsync(string workspace, RunQuery query) =>
        [.. (await Store.SearchRunsAsync(workspace, query)).Items.Select(r => r.Info.RunName)];
}
