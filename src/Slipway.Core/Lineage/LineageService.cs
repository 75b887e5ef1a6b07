using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Validation;

namespace Slipway.Core.Lineage;

/// <summary>Answers lineage questions across tracking and the registry: data → run → model version.</summary>
public sealed class LineageService(ITrackingStore tracking, IModelRegistryStore registry)
{
    private const int MaxVersionsPerRun = 1000;

    public async Task<RunLineage> GetRunLineageAsync(string workspaceId, string? runId, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        var run = await tracking.GetRunAsync(workspaceId, runId!, cancellationToken);
        var filter = new SearchFilter([new FilterComparison(SearchEntity.Attribute, "run_id", ComparisonOperator.Equal, new StringValue(run.Info.RunId))]);
        var versions = await registry.SearchModelVersionsAsync(workspaceId, new RegistryQuery(filter, MaxVersionsPerRun, [], null), cancellationToken);
        return new RunLineage(run.Info, run.Inputs, versions.Items);
    }

    public async Task<ModelVersionLineage> GetModelVersionLineageAsync(string workspaceId, string? name, string? version, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var modelVersion = await registry.GetModelVersionAsync(workspaceId, name!, RegistryValidator.ParseVersion(version), cancellationToken);
        if (string.IsNullOrEmpty(modelVersion.RunId))
        {
            return new ModelVersionLineage(modelVersion, null, []);
        }

        try
        {
            var run = await tracking.GetRunAsync(workspaceId, modelVersion.RunId, cancellationToken);
            return new ModelVersionLineage(modelVersion, run.Info, run.Inputs);
        }
        catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
        {
            // The source run may have been removed or live in another workspace; the version still exists.
            return new ModelVersionLineage(modelVersion, null, []);
        }
    }
}
