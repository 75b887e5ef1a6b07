using Slipway.Core.Search;
using Slipway.Core.Tracking;

namespace Slipway.Core.Stores;

/// <summary>
/// Persistence of experiments, runs and their data. Every call names the workspace it acts in; a
/// resource in another workspace is reported as missing (<see cref="Errors.ErrorCode.ResourceDoesNotExist"/>).
/// Implementations validate state (deleted runs, immutable params) atomically and throw
/// <see cref="Errors.SlipwayException"/>; argument limits are checked before the store by the tracking service.
/// </summary>
public interface ITrackingStore
{
    /// <summary>Creates an experiment; when <paramref name="artifactLocation"/> is null it is derived from the store's artifact root.</summary>
    Task<string> CreateExperimentAsync(string workspaceId, string name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default);

    Task<Experiment> GetExperimentAsync(string workspaceId, string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Returns null when no experiment (active or deleted) has that name.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string workspaceId, string name, CancellationToken cancellationToken = default);

    Task<Page<Experiment>> SearchExperimentsAsync(string workspaceId, ExperimentQuery query, CancellationToken cancellationToken = default);

    Task RenameExperimentAsync(string workspaceId, string experimentId, string newName, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes the experiment and its runs.</summary>
    Task DeleteExperimentAsync(string workspaceId, string experimentId, CancellationToken cancellationToken = default);

    Task RestoreExperimentAsync(string workspaceId, string experimentId, CancellationToken cancellationToken = default);

    Task SetExperimentTagAsync(string workspaceId, string experimentId, Tag tag, CancellationToken cancellationToken = default);

    Task<Run> CreateRunAsync(string workspaceId, NewRun run, CancellationToken cancellationToken = default);

    Task<Run> GetRunAsync(string workspaceId, string runId, CancellationToken cancellationToken = default);

    Task<RunInfo> UpdateRunAsync(string workspaceId, string runId, RunUpdate update, CancellationToken cancellationToken = default);

    Task DeleteRunAsync(string workspaceId, string runId, CancellationToken cancellationToken = default);

    Task RestoreRunAsync(string workspaceId, string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs metrics, params and tags in one transaction: all or nothing. Metric history is appended and the
    /// run's latest value per key is kept up to date. Logging a param again with a different value fails.
    /// </summary>
    Task LogBatchAsync(string workspaceId, string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default);

    Task DeleteTagAsync(string workspaceId, string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Records dataset inputs; a dataset with the same name and digest in the experiment is stored once.</summary>
    Task LogInputsAsync(string workspaceId, string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default);

    /// <summary>The full history of one metric, ordered by step then timestamp.</summary>
    Task<Page<Metric>> GetMetricHistoryAsync(string workspaceId, string runId, string metricKey, int maxResults, string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// The history of one metric for several runs, downsampled to at most <paramref name="maxResults"/> values per
    /// run, evenly spaced over the steps in range and always including the first and last step.
    /// </summary>
    Task<IReadOnlyList<MetricWithRunId>> GetMetricHistoryBulkIntervalAsync(string workspaceId, IReadOnlyList<string> runIds, string metricKey, long? startStep, long? endStep, int maxResults, CancellationToken cancellationToken = default);

    Task<Page<Run>> SearchRunsAsync(string workspaceId, RunQuery query, CancellationToken cancellationToken = default);
}
