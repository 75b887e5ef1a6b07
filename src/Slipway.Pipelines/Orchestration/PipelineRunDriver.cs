using System.Collections.Concurrent;
using Slipway.Core.Artifacts;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;
using Slipway.Core.Tracking;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Drives one pipeline run to its end: starts each step once its dependencies have finished, in parallel where the
/// graph and the executor's slots allow, and records every transition in the store before acting on it, so a
/// restarted server picks the run up where it was (finished steps are never run again).
/// </summary>
internal sealed partial class PipelineRunDriver : IStepRunLookup, IDisposable
{
    private readonly OrchestratorServices _services;
    private readonly string _workspaceId;
    private readonly PipelineSpec _spec;
    private readonly IReadOnlyList<PlannedStep> _plan;
    private readonly Dictionary<string, PlannedStep> _planned;
    private readonly ConcurrentDictionary<string, StepRun> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _artifactRoots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _bestVariants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _attemptStarted = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _canceled = new();
    private readonly CancellationToken _shutdown;
    private PipelineRun _run;
    private readonly SemaphoreSlim _codeTreeLock = new(1, 1);
    private CodeSnapshot _code = CodeSnapshot.Empty;
    private bool _codeTreeReady;

    public PipelineRunDriver(OrchestratorServices services, string workspaceId, PipelineRun run, CancellationToken shutdown)
    {
        _services = services;
        _workspaceId = workspaceId;
        _run = run;
        _shutdown = shutdown;
        _spec = PipelineSpecParser.Parse(run.Spec, run.Pipeline + ".yaml");
        _plan = PipelinePlan.Build(_spec, run.Params);
        _planned = _plan.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public string RunId => _run.Id;

    public string WorkspaceId => _workspaceId;

    public string Pipeline => _run.Pipeline;

    /// <summary>Asks the run to stop: running steps are killed (their whole process trees), waiting ones never start.</summary>
    public void Cancel()
    {
        try
        {
            _canceled.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended in the meantime: nothing left to cancel.
        }
    }

    public void Dispose()
    {
        _canceled.Dispose();
        _codeTreeLock.Dispose();
    }

    public async Task<PipelineRun> DriveAsync()
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_canceled.Token, _shutdown);
        var token = linked.Token;
        foreach (var step in await _services.Store.ListStepRunsAsync(_workspaceId, _run.Id, CancellationToken.None))
        {
            _states[step.Name] = step;
        }

        if (_run.Status == PipelineRunStatus.Queued)
        {
            _run = await _services.Store.UpdatePipelineRunAsync(_workspaceId, _run.Id, new PipelineRunUpdate(PipelineRunStatus.Running, StartTime: _services.Now), CancellationToken.None);
            await _services.Tracking.UpdateRunAsync(_workspaceId, _run.Id, new RunUpdate(RunStatus.Running, null, null), CancellationToken.None);
        }

        if (_run.CancelRequested)
        {
            _canceled.Cancel();
        }

        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            _code = await LoadCodeAsync(token);
            await RecoverStepsAsync();
            foreach (var sweep in _plan.Where(p => p.Variants.Count > 0 && _states[p.Name].Status.IsDone()))
            {
                // Resumed after the sweep finished: its best variant is ranked again (same metrics, same order).
                var ranked = await RankAsync(sweep);
                if (ranked.Count > 0)
                {
                    _bestVariants[sweep.Name] = ranked[0].Variant;
                }
            }
            var stopped = Task.Delay(Timeout.Infinite, token);
            while (!token.IsCancellationRequested)
            {
                await StartReadyStepsAsync(running, token);
                if (running.Count == 0)
                {
                    break;
                }

                await Task.WhenAny(running.Values.Append(stopped));
                foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    running.Remove(done);
                }
            }
        }
        catch (Exception e) when (e is SlipwayException or IOException or UnauthorizedAccessException)
        {
            // The run cannot go on (its code snapshot is gone, its spec no longer parses): it fails, saying why.
            await Task.WhenAll(running.Values);
            return await FinishAsync(e.Message);
        }

        await Task.WhenAll(running.Values);
        if (_shutdown.IsCancellationRequested && !_canceled.IsCancellationRequested)
        {
            // The server is stopping: the run stays unfinished, and the next start resumes it.
            return _run;
        }

        return await FinishAsync(null);
    }

    public string RunIdOf(string stepName)
    {
        var step = stepName;
        var state = _states.TryGetValue(step, out var found) ? found : throw SlipwayException.Invalid($"No step '{step}' in this pipeline.");
        if (_planned[step].Variants.Count > 0)
        {
            return _bestVariants.TryGetValue(step, out var best)
                ? RunIdOf(best)
                : throw SlipwayException.Invalid($"Sweep '{step}' has no best variant.");
        }

        if (!state.Status.IsDone())
        {
            throw SlipwayException.Invalid($"Step '{step}' has not succeeded (it is {state.Status.Name()}).");
        }

        return state.CachedFrom ?? state.TrackingRunId ?? throw SlipwayException.Invalid($"Step '{step}' has no run.");
    }

    public (string RunId, string ArtifactPath) OutputOf(string stepName, string output)
    {
        var step = stepName;
        var producer = _planned[step].Variants.Count > 0 && _bestVariants.TryGetValue(step, out var best) ? best : step;
        var runId = RunIdOf(producer);
        return _states[producer].Outputs.TryGetValue(output, out var path)
            ? (runId, path)
            : throw SlipwayException.Invalid($"Step '{step}' has no output '{output}'.");
    }

    private async Task<CodeSnapshot> LoadCodeAsync(CancellationToken cancellationToken)
    {
        if (_run.Code is not { } code)
        {
            return CodeSnapshot.Empty;
        }

        var reference = DatasetReference.Parse(code);
        var version = await _services.Datasets.ResolveAsync(_workspaceId, reference, cancellationToken);
        var files = await _services.Datasets.GetManifestAsync(_workspaceId, reference with { Version = version, Tag = null }, cancellationToken);
        return new CodeSnapshot(new DatasetVersionId(reference.Name, version), files);
    }

    /// <summary>
    /// After a restart: a step that was running lost its process (what is left of it is killed) and is tried again if
    /// its retries allow; a step that was waiting for resources or for its next attempt waits again.
    /// </summary>
    private async Task RecoverStepsAsync()
    {
        foreach (var state in _states.Values.ToList())
        {
            switch (state.Status)
            {
                case StepStatus.Running when !(_planned.TryGetValue(state.Name, out var sweep) && sweep.Variants.Count > 0):
                    {
                        if (state.ProcessId is { } pid && state.ProcessStartTime is { } started)
                        {
                            await _services.Executor.KillOrphanAsync(pid, started, CancellationToken.None);
                        }

                        var retries = _planned.TryGetValue(state.Name, out var planned) ? planned.Spec.Retries.Count : 0;
                        const string Lost = "its process was lost when the server stopped";
                        var attempt = new StepAttempt(Math.Max(1, state.Attempts), StepStatus.Failed, state.StartTime ?? _services.Now, _services.Now, null, Lost);
                        if (state.Attempts <= retries)
                        {
                            await UpdateStepAsync(state.Name, new StepRunUpdate(Status: StepStatus.Pending, Message: $"attempt {state.Attempts}: {Lost}; trying again", ClearProcess: true, Attempt: attempt));
                        }
                        else
                        {
                            await UpdateStepAsync(state.Name, new StepRunUpdate(Status: StepStatus.Failed, EndTime: _services.Now, Message: Lost + (retries > 0 ? " (no retries left)" : string.Empty), ClearProcess: true, Attempt: attempt));
                            await EndTrackingRunAsync(state.TrackingRunId, RunStatus.Failed);
                        }

                        break;
                    }

                case StepStatus.Waiting or StepStatus.Retrying:
                    await UpdateStepAsync(state.Name, new StepRunUpdate(Status: StepStatus.Pending));
                    break;
            }
        }
    }

    private async Task StartReadyStepsAsync(Dictionary<string, Task> running, CancellationToken cancellationToken)
    {
        bool progress;
        do
        {
            progress = false;
            foreach (var planned in _plan)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                var state = _states[planned.Name];
                var isSweep = planned.Variants.Count > 0;
                if (!(state.Status == StepStatus.Pending || (isSweep && state.Status == StepStatus.Running)) || running.ContainsKey(planned.Name))
                {
                    continue;
                }

                var dependencies = planned.DependsOn.Select(d => _states[d]).ToList();
                if (dependencies.Any(d => !d.Status.IsFinal()))
                {
                    continue;
                }

                progress = true;
                if (isSweep)
                {
                    await FinishSweepAsync(planned);
                    continue;
                }

                if (dependencies.FirstOrDefault(d => !d.Status.IsDone()) is { } blocker)
                {
                    await SkipAsync(planned, $"upstream step '{blocker.Name}' {blocker.Status.Name()}");
                    continue;
                }

                if (planned.Spec.When is { } condition)
                {
                    bool go;
                    try
                    {
                        var values = await ScopeAsync(planned, condition.References, relativePaths: false, cancellationToken);
                        go = condition.Evaluate(reference => values.GetValueOrDefault(reference));
                    }
                    catch (SlipwayException e)
                    {
                        await FailAsync(planned, $"condition '{condition.Text}' could not be evaluated: {e.Message}");
                        continue;
                    }

                    if (!go)
                    {
                        await SkipAsync(planned, $"condition '{condition.Text}' is false");
                        continue;
                    }
                }

                if (planned.SweepParent is { } parent && _planned[parent].Spec.Matrix?.MaxParallel is { } limit
                    && running.Keys.Count(r => _planned[r].SweepParent == parent) >= limit)
                {
                    progress = false;
                    continue;
                }

                if (planned.SweepParent is { } sweep && _states[sweep].TrackingRunId is null)
                {
                    await EnsureTrackingRunAsync(_planned[sweep], cancellationToken);
                }

                running[planned.Name] = Task.Run(() => RunStepAsync(planned, cancellationToken), CancellationToken.None);
            }
        }
        while (progress);
    }

    private async Task RunStepAsync(PlannedStep planned, CancellationToken cancellationToken)
    {
        try
        {
            var trackingRun = await EnsureTrackingRunAsync(planned, cancellationToken);
            if (planned.Spec.Uses is { } uses)
            {
                await RunBuiltInAsync(planned, uses, trackingRun, cancellationToken);
            }
            else
            {
                await RunCommandAsync(planned, trackingRun, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (_canceled.IsCancellationRequested)
        {
            await EndStepAsync(planned, StepStatus.Canceled, RunStatus.Killed, "canceled");
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Left to the next start: the interrupted attempt does not count against the step's retries.
            var state = _states[planned.Name];
            await UpdateStepAsync(planned.Name, new StepRunUpdate(Status: StepStatus.Pending, Attempts: Math.Max(0, state.Attempts - 1), Message: "interrupted: the server stopped", ClearProcess: true));
        }
        catch (Exception e) when (e is SlipwayException or IOException or UnauthorizedAccessException or FormatException)
        {
            await EndStepAsync(planned, StepStatus.Failed, RunStatus.Failed, e.Message);
        }
#pragma warning disable CA1031 // A bug met by one step must fail that step, visibly, not leave it running in a dead run.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await EndStepAsync(planned, StepStatus.Failed, RunStatus.Failed, $"internal error: {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task SkipAsync(PlannedStep planned, string why)
    {
        var now = _services.Now;
        await UpdateStepAsync(planned.Name, new StepRunUpdate(Status: StepStatus.Skipped, EndTime: now, Message: why));
    }

    private Task FailAsync(PlannedStep planned, string why) => EndStepAsync(planned, StepStatus.Failed, RunStatus.Failed, why);

    private async Task EndStepAsync(PlannedStep planned, StepStatus status, RunStatus runStatus, string message, int? exitCode = null)
    {
        var now = _services.Now;
        var state = _states[planned.Name];
        await EndTrackingRunAsync(state.TrackingRunId, runStatus);
        StepAttempt? attempt = state.Attempts > 0 && status != StepStatus.Canceled
            ? new StepAttempt(state.Attempts, status, state.StartTime ?? now, now, exitCode, message)
            : null;
        await UpdateStepAsync(planned.Name, new StepRunUpdate(Status: status, EndTime: now, ExitCode: exitCode, Message: message, ClearProcess: true, Attempt: attempt));
    }

    private async Task EndTrackingRunAsync(string? trackingRunId, RunStatus status)
    {
        if (trackingRunId is not null)
        {
            await _services.Tracking.UpdateRunAsync(_workspaceId, trackingRunId, new RunUpdate(status, _services.Now, null), CancellationToken.None);
        }
    }

    private async Task<PipelineRun> FinishAsync(string? failure)
    {
        var now = _services.Now;
        foreach (var state in _states.Values.Where(s => !s.Status.IsFinal()))
        {
            await UpdateStepAsync(state.Name, new StepRunUpdate(Status: StepStatus.Canceled, EndTime: now, Message: failure is null ? "canceled before it started" : "not started: " + failure, ClearProcess: true));
        }

        var failedStep = _plan
            .Where(p => p.SweepParent is null)
            .Select(p => _states[p.Name])
            .FirstOrDefault(s => s.Status is StepStatus.Failed);
        var (status, message) = _canceled.IsCancellationRequested
            ? (PipelineRunStatus.Canceled, "canceled")
            : failure is not null
                ? (PipelineRunStatus.Failed, failure)
                : failedStep is not null
                    ? (PipelineRunStatus.Failed, $"step '{failedStep.Name}' failed: {failedStep.Message}")
                    : (PipelineRunStatus.Succeeded, null);
        var trackingStatus = status switch
        {
            PipelineRunStatus.Succeeded => RunStatus.Finished,
            PipelineRunStatus.Canceled => RunStatus.Killed,
            _ => RunStatus.Failed,
        };
        var codeTree = Path.Combine(_services.Options.WorkDirectory, _run.Id, "code");
        if (Directory.Exists(codeTree))
        {
            // Scratch space for this run's step directories; the snapshot itself stays in the blob store.
            Directory.Delete(codeTree, recursive: true);
        }

        await _services.Tracking.UpdateRunAsync(_workspaceId, _run.Id, new RunUpdate(trackingStatus, now, null), CancellationToken.None);
        _run = await _services.Store.UpdatePipelineRunAsync(_workspaceId, _run.Id, new PipelineRunUpdate(status, EndTime: now, Message: message), CancellationToken.None);
        return _run;
    }

    private async Task<StepRun> UpdateStepAsync(string step, StepRunUpdate update)
    {
        var stored = await _services.Store.UpdateStepRunAsync(_workspaceId, _run.Id, step, update, CancellationToken.None);
        _states[step] = stored;
        return stored;
    }

}
