using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Search;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    private const string MissingRunId = "ffffffffffffffffffffffffffffffff";

    [Fact]
    public async Task Every_run_operation_reports_a_missing_run_as_not_found()
    {
        var workspace = NewWorkspace();
        Func<Task>[] calls =
        [
            () => Store.RestoreRunAsync(workspace, MissingRunId),
            () => Store.DeleteRunAsync(workspace, MissingRunId),
            () => Store.UpdateRunAsync(workspace, MissingRunId, new RunUpdate(RunStatus.Finished, 1, null)),
            () => Store.DeleteTagAsync(workspace, MissingRunId, "k"),
            () => Store.LogInputsAsync(workspace, MissingRunId, [new DatasetInput(new Dataset("d", "1", "local", "{}", null, null), [])]),
            () => Store.GetMetricHistoryAsync(workspace, MissingRunId, "m", 10, null),
            () => Store.GetMetricHistoryBulkIntervalAsync(workspace, [MissingRunId], "m", null, null, 10),
        ];

        foreach (var call in calls)
        {
            var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, call);
            Assert.Equal($"Run with id={MissingRunId} not found", error.Message);
        }
    }

    [Fact]
    public async Task Every_registry_operation_reports_a_missing_model_or_version_as_not_found()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        Func<Task>[] missingModel =
        [
            () => Store.UpdateRegisteredModelAsync(workspace, "nope", "d"),
            () => Store.RenameRegisteredModelAsync(workspace, "nope", "other"),
            () => Store.DeleteRegisteredModelTagAsync(workspace, "nope", "k"),
            () => Store.DeleteRegisteredModelAliasAsync(workspace, "nope", "a"),
            () => Store.GetModelVersionByAliasAsync(workspace, "nope", "a"),
            () => Store.SetRegisteredModelAliasAsync(workspace, "nope", "a", 1),
        ];
        Func<Task>[] missingVersion =
        [
            () => Store.GetModelVersionAsync(workspace, "m", 1),
            () => Store.DeleteModelVersionTagAsync(workspace, "m", 1, "k"),
            () => Store.SetRegisteredModelAliasAsync(workspace, "m", "a", 1),
            () => Store.TransitionModelVersionStageAsync(workspace, "m", 1, ModelStage.Staging, false),
        ];

        foreach (var call in missingModel)
        {
            var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, call);
            Assert.Equal("Registered Model with name=nope not found", error.Message);
        }

        foreach (var call in missingVersion)
        {
            var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, call);
            Assert.Equal("Model Version (name=m, version=1) not found", error.Message);
        }
    }

    [Fact]
    public async Task Searches_reject_unknown_keys_unsupported_operators_bad_values_and_page_sizes()
    {
        var (workspace, experimentId, _) = await NewWorkspaceWithRunAsync();
        RunQuery[] runQueries =
        [
            Runs(experimentId, Compare(SearchEntity.Attribute, "no_such_attribute", ComparisonOperator.Equal, Text("x"))),
            Runs(experimentId, Compare(SearchEntity.Metric, "m", ComparisonOperator.Like, Text("x%"))),
            Runs(experimentId, Compare(SearchEntity.Param, "p", ComparisonOperator.Greater, Number(1))),
            Runs(experimentId, Compare(SearchEntity.Param, "p", ComparisonOperator.Equal, Number(1))),
            Runs(experimentId, Compare(SearchEntity.Attribute, "start_time", ComparisonOperator.Greater, Text("yesterday"))),
            Runs(experimentId, Compare(SearchEntity.Dataset, "size", ComparisonOperator.Equal, Text("x"))),
            Runs(experimentId) with { OrderBy = [new OrderByClause(SearchEntity.Dataset, "name", true)] },
            Runs(experimentId) with { MaxResults = 0 },
            Runs(experimentId) with { PageToken = "garbage" },
        ];

        foreach (var query in runQueries)
        {
            await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.SearchRunsAsync(workspace, query));
        }

        await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.SearchExperimentsAsync(workspace, new ExperimentQuery(new SearchFilter([Compare(SearchEntity.Metric, "m", ComparisonOperator.Equal, Number(1))]), ViewType.All, 10, [], null)));
        await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.SearchRegisteredModelsAsync(workspace, new RegistryQuery(new SearchFilter([Compare(SearchEntity.Attribute, "source", ComparisonOperator.Equal, Text("x"))]), 10, [], null)));
        await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.SearchModelVersionsAsync(workspace, new RegistryQuery(SearchFilter.Empty, 10, [new OrderByClause(SearchEntity.Attribute, "source", true)], null)));
    }
}
