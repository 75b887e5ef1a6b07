using System.Collections.Concurrent;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Data.Datasets;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// The pipeline operations the API offers: register a spec, launch, cancel and retry runs, and read them back. A
/// launch checks everything (spec, params, code snapshot) before it records anything, so a bad request leaves no
/// trace; the run itself is then driven by the <see cref="PipelineOrchestrator"/>.
/// </summary>
public sealed class PipelineService(
    IPipelineStore store,
    TrackingService tracking,
    DatasetService datasets,
    PipelineOrchestrator orchestrator,
    TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _launchGates = new(StringComparer.Ordinal);

    public IPipelineStore Store => store;

    /// <summary>Parses and validates a spec without recording anything.</summary>
    public static PipelineSpec Parse(string spec, string fileName) => PipelineSpecParser.Parse(spec, fileName);

    /// <summary>Records the spec (and its code snapshot) as the pipeline's current one; its triggers become active.</summary>
    public async Task<PipelineDefinition> ApplyAsync(string workspaceId, string spec, string fileName, string? code, string? creator, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(spec, fileName);
        var pinned = await PinCodeAsync(workspaceId, code, cancellationToken);
        return await store.SavePipelineAsync(workspaceId, parsed.Name, spec, creator, pinned, cancellationToken);
    }

    public async Task<LaunchResult> LaunchAsync(string workspaceId, LaunchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = Parse(request.Spec, request.FileName);
        var values = ParamValues.Resolve(spec, request.Params);
        var plan = PipelinePlan.Build(spec, values);
        var code = await PinCodeAsync(workspaceId, request.Code, cancellationToken);
        var gate = _launchGates.GetOrAdd(workspaceId + "\0" + spec.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var active = await FindActiveRunAsync(workspaceId, spec.Name, cancellationToken);
            if (active is not null && spec.Concurrency == ConcurrencyPolicy.SkipIfRunning)
            {
                return LaunchResult.NotStarted($"pipeline '{spec.Name}' is already running (run {active.Id}, {active.Status.Name()}) and its concurrency policy is skip-if-running.");
            }

            var status = active is not null && spec.Concurrency == ConcurrencyPolicy.Queue ? PipelineRunStatus.Queued : PipelineRunStatus.Running;
            var experimentId = await EnsureExperimentAsync(workspaceId, spec.ExperimentName, cancellationToken);
            var tags = new List<Tag>
            {
                new(PipelineTags.Pipeline, spec.Name),
                new(PipelineTags.Trigger, request.Trigger.Detail is null ? request.Trigger.Kind : $"{request.Trigger.Kind}: {request.Trigger.Detail}"),
            };
            if (code is not null)
            {
                tags.Add(new Tag(PipelineTags.Code, code));
            }

            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var parent = await tracking.CreateRunAsync(workspaceId, experimentId, request.Creator, spec.Name, now, tags, cancellationToken);
            if (values.Count > 0)
            {
                await tracking.LogBatchAsync(workspaceId, parent.Info.RunId, [], [.. values.Select(v => new Param(v.Key, v.Value))], [], cancellationToken);
            }

            if (status == PipelineRunStatus.Queued)
            {
                await tracking.UpdateRunAsync(workspaceId, parent.Info.RunId, new RunUpdate(RunStatus.Scheduled, null, null), cancellationToken);
            }

            if (request.Register)
            {
                await store.SavePipelineAsync(workspaceId, spec.Name, request.Spec, request.Creator, code, cancellationToken);
            }

            var run = await store.CreatePipelineRunAsync(
                workspaceId,
                new NewPipelineRun(parent.Info.RunId, spec.Name, request.Spec, values, request.Trigger, request.Creator, experimentId, status, [.. plan.Select(p => p.Name)], code),
                cancellationToken);
            if (status == PipelineRunStatus.Running)
            {
                run = await store.UpdatePipelineRunAsync(workspaceId, run.Id, new PipelineRunUpdate(StartTime: now), cancellationToken);
                orchestrator.Start(workspaceId, run);
            }

            return LaunchResult.Started(run);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stops a run: running steps are killed with their process trees; a queued run never starts.</summary>
    public async Task<PipelineRun> CancelAsync(string workspaceId, string runId, CancellationToken cancellationToken = default)
    {
        var run = await store.GetPipelineRunAsync(workspaceId, runId, cancellationToken);
        if (run.Status.IsFinal())
        {
            throw new SlipwayException(ErrorCode.BadRequest, $"Pipeline run {runId} has already ended ({run.Status.Name()}).");
        }

        run = await store.UpdatePipelineRunAsync(workspaceId, runId, new PipelineRunUpdate(CancelRequested: true), cancellationToken);
        if (!orchestrator.Cancel(runId) && run.Status == PipelineRunStatus.Queued)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await tracking.UpdateRunAsync(workspaceId, runId, new RunUpdate(RunStatus.Killed, now, null), cancellationToken);
            foreach (var step in await store.ListStepRunsAsync(workspaceId, runId, cancellationToken))
            {
                await store.UpdateStepRunAsync(workspaceId, runId, step.Name, new StepRunUpdate(Status: StepStatus.Canceled, EndTime: now, Message: "canceled before it started"), cancellationToken);
            }

            run = await store.UpdatePipelineRunAsync(workspaceId, runId, new PipelineRunUpdate(PipelineRunStatus.Canceled, EndTime: now, Message: "canceled"), cancellationToken);
        }

        return run;
    }

    /// <summary>Runs a finished run's pipeline again with the same spec, params and code; steps that succeeded come from the cache.</summary>
    public async Task<LaunchResult> RetryAsync(string workspaceId, string runId, string? creator, CancellationToken cancellationToken = default)
    {
        var run = await store.GetPipelineRunAsync(workspaceId, runId, cancellationToken);
        if (!run.Status.IsFinal())
        {
            throw new SlipwayException(ErrorCode.BadRequest, $"Pipeline run {runId} is still {run.Status.Name()}; cancel it or wait for it to end before retrying.");
        }

        return await LaunchAsync(
            workspaceId,
            new LaunchRequest(run.Spec, run.Pipeline + ".yaml", run.Params, run.Code, new PipelineTrigger(PipelineTrigger.Retry, runId), creator, Register: false),
            cancellationToken);
    }

    /// <summary>Waits until the run has ended (or <paramref name="cancellationToken"/> fires) and returns it.</summary>
    public async Task<PipelineRun> WaitAsync(string workspaceId, string runId, CancellationToken cancellationToken = default)
    {
        await orchestrator.WaitAsync(runId, cancellationToken);
        return await store.GetPipelineRunAsync(workspaceId, runId, cancellationToken);
    }

    private async Task<PipelineRun?> FindActiveRunAsync(string workspaceId, string pipeline, CancellationToken cancellationToken)
    {
        foreach (var status in new[] { PipelineRunStatus.Running, PipelineRunStatus.Queued })
        {
            var page = await store.ListPipelineRunsAsync(workspaceId, new PipelineRunQuery(pipeline, status, 1), cancellationToken);
            if (page.Items.Count > 0)
            {
                return page.Items[0];
            }
        }

        return null;
    }

    private async Task<string?> PinCodeAsync(string workspaceId, string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var reference = DatasetReference.Parse(code);
        var version = await datasets.ResolveAsync(workspaceId, reference, cancellationToken);
        return new DatasetVersionId(reference.Name, version).ToString();
    }

    private async Task<string> EnsureExperimentAsync(string workspaceId, string name, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await tracking.Store.GetExperimentByNameAsync(workspaceId, name, cancellationToken) is { } existing)
            {
                return existing.LifecycleStage == LifecycleStage.Active
                    ? existing.ExperimentId
                    : throw new SlipwayException(ErrorCode.BadRequest, $"Experiment '{name}' is deleted: restore it, or name another with 'experiment:' in the pipeline.");
            }

            try
            {
                return await tracking.CreateExperimentAsync(workspaceId, name, null, [], cancellationToken);
            }
            catch (SlipwayException e) when (e.Code == ErrorCode.ResourceAlreadyExists && attempt == 0)
            {
                // Created by a concurrent launch: read it back.
            }
        }
    }
}
