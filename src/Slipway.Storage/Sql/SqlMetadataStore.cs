using Slipway.Core.Registry;
using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Registry;
using Slipway.Storage.Sql.Search;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Sql;

/// <summary>
/// The one implementation of <see cref="IMetadataStore"/> over SQL. Each method is a unit of work run by the
/// subclass: reads on a read connection, writes in a transaction (SQLite: through its single writer). The
/// SQL itself lives in the repositories and search compilers, shared by both dialects.
/// </summary>
internal abstract partial class SqlMetadataStore : IMetadataStore
{
    protected SqlMetadataStore(int schemaVersion, MetricChunkCompaction compaction)
    {
        SchemaVersion = schemaVersion;
        Compaction = compaction;
    }

    /// <summary>Merges small metric chunks; see <see cref="MetricChunkCompaction"/> for inline and deferred merging.</summary>
    protected MetricChunkCompaction Compaction { get; }

    public abstract string Kind { get; }

    public int SchemaVersion { get; }

    public abstract Task<bool> PingAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs read-only work on a connection, in a transaction so that its queries see one snapshot.</summary>
    protected abstract Task<T> ReadAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs work in a transaction; the task completes once the work is committed (or fails, rolled back).</summary>
    protected abstract Task<T> WriteAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    // ---- Tracking: experiments ----

    public Task<string> CreateExperimentAsync(string workspaceId, string name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => ExperimentRepository.CreateAsync(s, workspaceId, name, artifactLocation, tags, ct), cancellationToken);

    public Task<Experiment> GetExperimentAsync(string workspaceId, string experimentId, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ExperimentRepository.GetAsync(s, workspaceId, experimentId, ct), cancellationToken);

    public Task<Experiment?> GetExperimentByNameAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ExperimentRepository.GetByNameAsync(s, workspaceId, name, ct), cancellationToken);

    public Task<Page<Experiment>> SearchExperimentsAsync(string workspaceId, ExperimentQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (s, ct) =>
            {
                var offset = PageToken.DecodeOffset(query.PageToken);
                var sql = ExperimentSearchSql.Build(s.Dialect, workspaceId, query);
                var (rows, next) = await SearchPage.ReadAsync(s, sql, offset, query.MaxResults, r => (Id: r.GetInt64(0), Experiment: ExperimentRepository.Read(r, [])), ct);
                var tags = await ExperimentRepository.LoadTagsAsync(s, [.. rows.Select(r => r.Id)], ct);
                return new Page<Experiment>([.. rows.Select(r => r.Experiment with { Tags = tags.For(r.Id) })], next);
            },
            cancellationToken);

    public Task RenameExperimentAsync(string workspaceId, string experimentId, string newName, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ExperimentRepository.RenameAsync(s, workspaceId, experimentId, newName, ct)), cancellationToken);

    public Task DeleteExperimentAsync(string workspaceId, string experimentId, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ExperimentRepository.DeleteAsync(s, workspaceId, experimentId, ct)), cancellationToken);

    public Task RestoreExperimentAsync(string workspaceId, string experimentId, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ExperimentRepository.RestoreAsync(s, workspaceId, experimentId, ct)), cancellationToken);

    public Task SetExperimentTagAsync(string workspaceId, string experimentId, Tag tag, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ExperimentRepository.SetTagAsync(s, workspaceId, experimentId, tag, ct)), cancellationToken);

    // ---- Tracking: runs ----

    public Task<Run> CreateRunAsync(string workspaceId, NewRun run, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => RunRepository.CreateAsync(s, workspaceId, run, ct), cancellationToken);

    public Task<Run> GetRunAsync(string workspaceId, string runId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (s, ct) =>
            {
                var row = await RunRepository.GetAsync(s, workspaceId, runId, ct);
                return (await RunLoader.LoadAsync(s, [row], ct))[0];
            },
            cancellationToken);

    public Task<RunInfo> UpdateRunAsync(string workspaceId, string runId, RunUpdate update, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => RunRepository.UpdateAsync(s, workspaceId, runId, update, ct), cancellationToken);

    public Task DeleteRunAsync(string workspaceId, string runId, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(RunRepository.SetLifecycleAsync(s, workspaceId, runId, LifecycleStage.Deleted, ct)), cancellationToken);

    public Task RestoreRunAsync(string workspaceId, string runId, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(RunRepository.SetLifecycleAsync(s, workspaceId, runId, LifecycleStage.Active, ct)), cancellationToken);

    public Task LogBatchAsync(string workspaceId, string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default)
    {
        // Encoded here, on the caller's thread: SQLite has one writer, and it should only write.
        var batch = new MetricBatch(metrics, Compaction.Staged);
        return WriteAsync((s, ct) => Done(RunDataWriter.LogBatchAsync(s, workspaceId, runId, batch, parameters, tags, Compaction, ct)), cancellationToken);
    }

    public Task DeleteTagAsync(string workspaceId, string runId, string key, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(RunRepository.DeleteTagAsync(s, workspaceId, runId, key, ct)), cancellationToken);

    public Task LogInputsAsync(string workspaceId, string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(DatasetInputRepository.LogAsync(s, workspaceId, runId, inputs, ct)), cancellationToken);

    public Task<Page<Metric>> GetMetricHistoryAsync(string workspaceId, string runId, string metricKey, int maxResults, string? pageToken, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (s, ct) =>
            {
                var run = await RunRepository.GetAsync(s, workspaceId, runId, ct);
                return await MetricHistoryRepository.GetHistoryAsync(s, Compaction.Staged, run, metricKey, maxResults, pageToken, ct);
            },
            cancellationToken);

    public Task<IReadOnlyList<MetricWithRunId>> GetMetricHistoryBulkIntervalAsync(string workspaceId, IReadOnlyList<string> runIds, string metricKey, long? startStep, long? endStep, int maxResults, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (s, ct) =>
            {
                var runs = new List<RunRow>(runIds.Count);
                foreach (var runId in runIds)
                {
                    runs.Add(await RunRepository.GetAsync(s, workspaceId, runId, ct));
                }

                return await MetricHistoryRepository.GetBulkIntervalAsync(s, Compaction.Staged, runs, metricKey, startStep, endStep, maxResults, ct);
            },
            cancellationToken);

    public Task<Page<Run>> SearchRunsAsync(string workspaceId, RunQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (s, ct) =>
            {
                var offset = PageToken.DecodeOffset(query.PageToken);
                var experimentIds = query.ExperimentIds
                    .Select(id => ExperimentIds.TryParse(id, out var parsed) ? parsed : (long?)null)
                    .OfType<long>()
                    .Distinct()
                    .ToArray();
                if (experimentIds.Length == 0)
                {
                    return new Page<Run>([], null);
                }

                var sql = RunSearchSql.Build(s.Dialect, workspaceId, experimentIds, query);
                var (rows, next) = await SearchPage.ReadAsync(s, sql, offset, query.MaxResults, RunRepository.Read, ct);
                return new Page<Run>(await RunLoader.LoadAsync(s, rows, ct), next);
            },
            cancellationToken);

    // ---- Model registry ----

    public Task<RegisteredModel> CreateRegisteredModelAsync(string workspaceId, string name, string? description, string? userId, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => RegisteredModelRepository.CreateAsync(s, workspaceId, name, description, userId, tags, ct), cancellationToken);

    public Task<RegisteredModel> GetRegisteredModelAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => RegisteredModelRepository.GetAsync(s, workspaceId, name, ct), cancellationToken);

    public Task<RegisteredModel> RenameRegisteredModelAsync(string workspaceId, string name, string newName, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => RegisteredModelRepository.RenameAsync(s, workspaceId, name, newName, ct), cancellationToken);

    public Task<RegisteredModel> UpdateRegisteredModelAsync(string workspaceId, string name, string? description, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => RegisteredModelRepository.UpdateAsync(s, workspaceId, name, description, ct), cancellationToken);

    public Task DeleteRegisteredModelAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(RegisteredModelRepository.DeleteAsync(s, workspaceId, name, ct)), cancellationToken);

    public Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(string workspaceId, RegistryQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (s, ct) =>
            {
                var offset = PageToken.DecodeOffset(query.PageToken);
                var sql = RegisteredModelSearchSql.Build(s.Dialect, workspaceId, query);
                var (rows, next) = await SearchPage.ReadAsync(s, sql, offset, query.MaxResults, RegisteredModelRepository.Read, ct);
                return new Page<RegisteredModel>(await RegisteredModelRepository.LoadDetailsAsync(s, rows, ct), next);
            },
            cancellationToken);

    public Task SetRegisteredModelTagAsync(string workspaceId, string name, Tag tag, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(RegisteredModelRepository.SetTagAsync(s, workspaceId, name, tag, ct)), cancellationToken);

    public Task DeleteRegisteredModelTagAsync(string workspaceId, string name, string key, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(RegisteredModelRepository.DeleteTagAsync(s, workspaceId, name, key, ct)), cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string workspaceId, string name, IReadOnlyList<string> stages, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ModelVersionRepository.GetLatestVersionsAsync(s, workspaceId, name, stages, ct), cancellationToken);

    public Task<ModelVersion> CreateModelVersionAsync(string workspaceId, NewModelVersion version, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => ModelVersionRepository.CreateAsync(s, workspaceId, version, ct), cancellationToken);

    public Task<ModelVersion> GetModelVersionAsync(string workspaceId, string name, long version, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ModelVersionRepository.GetAsync(s, workspaceId, name, version, ct), cancellationToken);

    public Task<ModelVersion> UpdateModelVersionAsync(string workspaceId, string name, long version, string? description, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => ModelVersionRepository.UpdateAsync(s, workspaceId, name, version, description, ct), cancellationToken);

    public Task DeleteModelVersionAsync(string workspaceId, string name, long version, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ModelVersionRepository.DeleteAsync(s, workspaceId, name, version, ct)), cancellationToken);

    public Task<Page<ModelVersion>> SearchModelVersionsAsync(string workspaceId, RegistryQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (s, ct) =>
            {
                var offset = PageToken.DecodeOffset(query.PageToken);
                var sql = ModelVersionSearchSql.Build(s.Dialect, workspaceId, query);
                var (rows, next) = await SearchPage.ReadAsync(s, sql, offset, query.MaxResults, ModelVersionRepository.Read, ct);
                return new Page<ModelVersion>(await ModelVersionRepository.LoadDetailsAsync(s, rows, ct), next);
            },
            cancellationToken);

    public Task SetModelVersionTagAsync(string workspaceId, string name, long version, Tag tag, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ModelVersionRepository.SetTagAsync(s, workspaceId, name, version, tag, ct)), cancellationToken);

    public Task DeleteModelVersionTagAsync(string workspaceId, string name, long version, string key, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ModelVersionRepository.DeleteTagAsync(s, workspaceId, name, version, key, ct)), cancellationToken);

    public Task<ModelVersion> TransitionModelVersionStageAsync(string workspaceId, string name, long version, string stage, bool archiveExistingVersions, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => ModelVersionRepository.TransitionStageAsync(s, workspaceId, name, version, stage, archiveExistingVersions, ct), cancellationToken);

    public Task SetRegisteredModelAliasAsync(string workspaceId, string name, string aliasName, long version, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ModelVersionRepository.SetAliasAsync(s, workspaceId, name, aliasName, version, ct)), cancellationToken);

    public Task DeleteRegisteredModelAliasAsync(string workspaceId, string name, string aliasName, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ModelVersionRepository.DeleteAliasAsync(s, workspaceId, name, aliasName, ct)), cancellationToken);

    public Task<ModelVersion> GetModelVersionByAliasAsync(string workspaceId, string name, string aliasName, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ModelVersionRepository.GetByAliasAsync(s, workspaceId, name, aliasName, ct), cancellationToken);

    /// <summary>Adapts work without a result to the <c>Task&lt;T&gt;</c> shape of the unit-of-work runners.</summary>
    private static async Task<bool> Done(Task work)
    {
        await work;
        return true;
    }
}
