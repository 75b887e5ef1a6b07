using Slipway.Core.Pipelines;
using Slipway.Core.Stores;
using Slipway.Storage.Sql.Pipelines;

namespace Slipway.Storage.Sql;

/// <summary>The pipeline part of the store (<see cref="IPipelineStore"/>).</summary>
internal abstract partial class SqlMetadataStore
{
    public Task<PipelineDefinition> SavePipelineAsync(string workspaceId, string name, string spec, string? creator, string? code, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => PipelineRepository.SaveAsync(s, workspaceId, name, spec, creator, code, ct), cancellationToken);

    public Task<PipelineDefinition> GetPipelineAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRepository.GetAsync(s, workspaceId, name, ct), cancellationToken);

    public Task<IReadOnlyList<PipelineDefinition>> ListPipelinesAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRepository.ListAsync(s, workspaceId, ct), cancellationToken);

    public Task<IReadOnlyList<(string WorkspaceId, PipelineDefinition Pipeline)>> ListAllPipelinesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(PipelineRepository.ListAllAsync, cancellationToken);

    public Task DeletePipelineAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(PipelineRepository.DeleteAsync(s, workspaceId, name, ct)), cancellationToken);

    public Task<PipelineRun> CreatePipelineRunAsync(string workspaceId, NewPipelineRun run, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => PipelineRunRepository.CreateAsync(s, workspaceId, run, ct), cancellationToken);

    public Task<PipelineRun> GetPipelineRunAsync(string workspaceId, string runId, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRunRepository.GetAsync(s, workspaceId, runId, ct), cancellationToken);

    public Task<Page<PipelineRun>> ListPipelineRunsAsync(string workspaceId, PipelineRunQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRunRepository.ListAsync(s, workspaceId, query, ct), cancellationToken);

    public Task<IReadOnlyList<(string WorkspaceId, PipelineRun Run)>> ListUnfinishedPipelineRunsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(PipelineRunRepository.ListUnfinishedAsync, cancellationToken);

    public Task<PipelineRun> UpdatePipelineRunAsync(string workspaceId, string runId, PipelineRunUpdate update, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => PipelineRunRepository.UpdateAsync(s, workspaceId, runId, update, ct), cancellationToken);

    public Task<IReadOnlyList<StepRun>> ListStepRunsAsync(string workspaceId, string runId, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRunRepository.ListStepsAsync(s, workspaceId, runId, ct), cancellationToken);

    public Task<StepRun> UpdateStepRunAsync(string workspaceId, string runId, string stepName, StepRunUpdate update, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => PipelineRunRepository.UpdateStepAsync(s, workspaceId, runId, stepName, update, ct), cancellationToken);

    public Task<IReadOnlyList<StepAttempt>> ListStepAttemptsAsync(string workspaceId, string runId, string stepName, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRunRepository.ListAttemptsAsync(s, workspaceId, runId, stepName, ct), cancellationToken);

    public Task<StepCacheEntry?> FindStepCacheEntryAsync(string workspaceId, string key, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => StepCacheRepository.FindAsync(s, workspaceId, key, ct), cancellationToken);

    public Task SaveStepCacheEntryAsync(string workspaceId, StepCacheEntry entry, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(StepCacheRepository.SaveAsync(s, workspaceId, entry, ct)), cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> GetTriggerFiringsAsync(string workspaceId, string pipeline, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRepository.GetTriggerFiringsAsync(s, workspaceId, pipeline, ct), cancellationToken);

    public Task RecordTriggerFiringAsync(string workspaceId, string pipeline, string triggerKey, long time, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(PipelineRepository.RecordTriggerFiringAsync(s, workspaceId, pipeline, triggerKey, time, ct)), cancellationToken);

    public Task CreateWebhookAsync(PipelineWebhook webhook, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(PipelineRepository.CreateWebhookAsync(s, webhook, ct)), cancellationToken);

    public Task<PipelineWebhook?> FindWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRepository.FindWebhookAsync(s, id, ct), cancellationToken);

    public Task<IReadOnlyList<PipelineWebhook>> ListWebhooksAsync(string workspaceId, string pipeline, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => PipelineRepository.ListWebhooksAsync(s, workspaceId, pipeline, ct), cancellationToken);

    public Task DeleteWebhookAsync(string workspaceId, string id, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(PipelineRepository.DeleteWebhookAsync(s, workspaceId, id, ct)), cancellationToken);
}
