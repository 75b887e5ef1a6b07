using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Core.Validation;

namespace Slipway.Core.Lineage;

/// <summary>Answers lineage questions across tracking and the registry: data → run → model version.</summary>
public sealed class LineageService(ITrackingStore tracking, IModelRegistryStore registry, IDatasetStore datasets)
{
    private const int MaxVersionsPerRun = 1000;

    public async Task<RunLineage> GetRunLineageAsync(string workspaceId, string? runId, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        var run = await tracking.GetRunAsync(workspaceId, runId!, cancellationToken);
        var versions = await ModelVersionsOfAsync(workspaceId, run.Info.RunId, cancellationToken);
        var datasetVersions = await datasets.ListRunDatasetVersionsAsync(workspaceId, run.Info.RunId, cancellationToken);
        return new RunLineage(run.Info, run.Inputs, datasetVersions, versions);
    }

    public async Task<ModelVersionLineage> GetModelVersionLineageAsync(string workspaceId, string? name, string? version, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var modelVersion = await registry.GetModelVersionAsync(workspaceId, name!, RegistryValidator.ParseVersion(version), cancellationToken);
        if (string.IsNullOrEmpty(modelVersion.RunId))
        {
            return new ModelVersionLineage(modelVersion, null, [], []);
        }

        try
        {
            var run = await tracking.GetRunAsync(workspaceId, modelVersion.RunId, cancellationToken);
            var datasetVersions = await datasets.ListRunDatasetVersionsAsync(workspaceId, run.Info.RunId, cancellationToken);
            return new ModelVersionLineage(modelVersion, run.Info, run.Inputs, datasetVersions);
        }
        catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
        {
            // The source run may have been removed or live in another workspace; the version still exists.
            return new ModelVersionLineage(modelVersion, null, [], []);
        }
    }

    /// <summary>The runs linked to a dataset version (oldest link first) and the model versions registered from them.</summary>
    public async Task<DatasetVersionLineage> GetDatasetVersionLineageAsync(string workspaceId, DatasetVersionId version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var runs = new List<RunInfo>();
        var modelVersions = new List<ModelVersion>();
        foreach (var runId in await datasets.ListDatasetVersionRunsAsync(workspaceId, version.Dataset, version.Version, cancellationToken))
        {
            try
            {
                runs.Add((await tracking.GetRunAsync(workspaceId, runId, cancellationToken)).Info);
            }
            catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
            {
                // A run removed for good since it was linked: nothing to show.
                continue;
            }

            modelVersions.AddRange(await ModelVersionsOfAsync(workspaceId, runId, cancellationToken));
        }

        return new DatasetVersionLineage(version, runs, modelVersions);
    }

    private async Task<IReadOnlyList<ModelVersion>> ModelVersionsOfAsync(string workspaceId, string runId, CancellationToken cancellationToken)
    {
        var filter = new SearchFilter([new FilterComparison(SearchEntity.Attribute, "run_id", ComparisonOperator.Equal, new StringValue(runId))]);
        return (await registry.SearchModelVersionsAsync(workspaceId, new RegistryQuery(filter, MaxVersionsPerRun, [], null), cancellationToken)).Items;
    }
}
