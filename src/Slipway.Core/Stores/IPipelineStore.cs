using Slipway.Core.Pipelines;

namespace Slipway.Core.Stores;

/// <summary>
/// Pipelines (ADR 0010): registered specs, runs with their steps and attempts, the step cache, trigger state and
/// webhooks. Everything the orchestrator needs to resume after a restart lives here.
/// </summary>
public interface IPipelineStore
{
    /// <summary>Registers a pipeline or replaces its spec and code snapshot; the creator of the first registration is kept.</summary>
    Task<PipelineDefinition> SavePipelineAsync(string workspaceId, string name, string spec, string? creator, string? code, CancellationToken cancellationToken = default);

    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown pipeline.</exception>
    Task<PipelineDefinition> GetPipelineAsync(string workspaceId, string name, CancellationToken cancellationToken = default);

    /// <summary>The workspace's pipelines, by name.</summary>
    Task<IReadOnlyList<PipelineDefinition>> ListPipelinesAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Every registered pipeline of every workspace, for the trigger service.</summary>
    Task<IReadOnlyList<(string WorkspaceId, PipelineDefinition Pipeline)>> ListAllPipelinesAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the pipeline, its webhooks and trigger state; its runs stay.</summary>
    Task DeletePipelineAsync(string workspaceId, string name, CancellationToken cancellationToken = default);

    /// <summary>Creates the run with its steps (pending) in one transaction.</summary>
    Task<PipelineRun> CreatePipelineRunAsync(string workspaceId, NewPipelineRun run, CancellationToken cancellationToken = default);

    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown run.</exception>
    Task<PipelineRun> GetPipelineRunAsync(string workspaceId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Runs newest first, a page at a time.</summary>
    Task<Page<PipelineRun>> ListPipelineRunsAsync(string workspaceId, PipelineRunQuery query, CancellationToken cancellationToken = default);

    /// <summary>Queued and running runs of every workspace, oldest first: what the orchestrator resumes after a restart.</summary>
    Task<IReadOnlyList<(string WorkspaceId, PipelineRun Run)>> ListUnfinishedPipelineRunsAsync(CancellationToken cancellationToken = default);

    Task<PipelineRun> UpdatePipelineRunAsync(string workspaceId, string runId, PipelineRunUpdate update, CancellationToken cancellationToken = default);

    /// <summary>The run's steps in the order they were created.</summary>
    Task<IReadOnlyList<StepRun>> ListStepRunsAsync(string workspaceId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Applies the update (and records its attempt) in one transaction; returns the step as stored.</summary>
    Task<StepRun> UpdateStepRunAsync(string workspaceId, string runId, string stepName, StepRunUpdate update, CancellationToken cancellationToken = default);

    /// <summary>The step's attempts, first first.</summary>
    Task<IReadOnlyList<StepAttempt>> ListStepAttemptsAsync(string workspaceId, string runId, string stepName, CancellationToken cancellationToken = default);

    /// <summary>The cached result for a key, or null.</summary>
    Task<StepCacheEntry?> FindStepCacheEntryAsync(string workspaceId, string key, CancellationToken cancellationToken = default);

    /// <summary>Stores a result under its key, replacing an older one.</summary>
    Task SaveStepCacheEntryAsync(string workspaceId, StepCacheEntry entry, CancellationToken cancellationToken = default);

    /// <summary>When each trigger of the pipeline last fired, by trigger key.</summary>
    Task<IReadOnlyDictionary<string, long>> GetTriggerFiringsAsync(string workspaceId, string pipeline, CancellationToken cancellationToken = default);

    Task RecordTriggerFiringAsync(string workspaceId, string pipeline, string triggerKey, long time, CancellationToken cancellationToken = default);

    Task CreateWebhookAsync(PipelineWebhook webhook, CancellationToken cancellationToken = default);

    /// <summary>The webhook with that id in any workspace, or null.</summary>
    Task<PipelineWebhook?> FindWebhookAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PipelineWebhook>> ListWebhooksAsync(string workspaceId, string pipeline, CancellationToken cancellationToken = default);

    Task DeleteWebhookAsync(string workspaceId, string id, CancellationToken cancellationToken = default);
}
