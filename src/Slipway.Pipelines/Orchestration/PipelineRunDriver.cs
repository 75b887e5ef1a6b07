using System.Collections.Concurrent;
using System.Globalization;
using Slipway.Core.Artifacts;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;
using Slipway.Core.Tracking;
using Slipway.Pipelines.Execution;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Drives one pipeline run to its end: starts each step once its dependencies have finished, in parallel where the
/// graph and the executor's slots allow, and records every transition in the store before acting on it, so a
/// restarted server picks the run up where it was (finished steps are never run again).
/// </summary>
internal sealed class PipelineRunDriver : IStepRunLookup, IDisposable
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
    private CodeSnapshot _code = CodeSnapshot.Empty;

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

    public void Dispose() => _canceled.Dispose();

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
    }

    private async Task RunBuiltInAsync(PlannedStep planned, string uses, Run trackingRun, CancellationToken cancellationToken)
    {
        var paths = new StepPaths(_services.Options.WorkDirectory, _run.Id, planned.Name);
        PrepareDirectory(paths);
        if (uses == BuiltInStepRunner.ValidateDataset)
        {
            // Only validation reads a file of the code (its suite); the others need no copy of it.
            await _services.Blobs.CopyAsync(_workspaceId, _code.Files, string.Empty, paths.Directory, cancellationToken);
        }

        var texts = planned.Spec.With.Values.ToList();
        var scope = await ScopeAsync(planned, texts.SelectMany(Template.References), relativePaths: false, cancellationToken);
        var with = planned.Spec.With.ToDictionary(w => w.Key, w => Template.Render(w.Value, r => scope.GetValueOrDefault(r)), StringComparer.Ordinal);
        var started = _services.Now;
        await UpdateStepAsync(planned.Name, new StepRunUpdate(
            Status: StepStatus.Running, Attempts: 1, TrackingRunId: trackingRun.Info.RunId, StartTime: started,
            Attempt: new StepAttempt(1, StepStatus.Running, started, null, null, null)));
        var result = await _services.BuiltIns.RunAsync(uses, new BuiltInContext(_workspaceId, _run.Creator, trackingRun.Info.RunId, paths.Directory, with, this), cancellationToken);
        if (result.Metrics.Count > 0)
        {
            await _services.Tracking.LogBatchAsync(_workspaceId, trackingRun.Info.RunId, result.Metrics, [], [], CancellationToken.None);
        }

        await File.WriteAllTextAsync(paths.CombinedLog, result.Message + Environment.NewLine, CancellationToken.None);
        await UploadLogsAsync(paths, trackingRun.Info.RunId);
        CleanUp(paths, result.Succeeded);
        await EndStepAsync(planned, result.Succeeded ? StepStatus.Succeeded : StepStatus.Failed, result.Succeeded ? RunStatus.Finished : RunStatus.Failed, result.Message, exitCode: result.Succeeded ? 0 : 1);
    }

    private async Task RunCommandAsync(PlannedStep planned, Run trackingRun, CancellationToken cancellationToken)
    {
        var spec = planned.Spec;
        var runId = trackingRun.Info.RunId;
        var paths = new StepPaths(_services.Options.WorkDirectory, _run.Id, planned.Name);
        var attempt = _states[planned.Name].Attempts;
        var firstTry = true;
        while (true)
        {
            attempt++;
            PrepareDirectory(paths);
            var inputs = new List<ResolvedInput>();
            foreach (var input in spec.Inputs)
            {
                var source = Template.Render(input.Source, r => ScopeValue(planned, r, paths, relativePaths: false));
                inputs.Add(await _services.Inputs.ResolveAsync(_workspaceId, input, source, paths, LocateOutputAsync, cancellationToken));
            }

            var texts = new List<string> { spec.Run! };
            texts.AddRange(_spec.Env.Values);
            texts.AddRange(spec.Env.Values);
            var references = texts.SelectMany(Template.References).ToList();
            var cacheKey = spec.Cache ? await CacheKeyAsync(planned, paths, inputs, references, cancellationToken) : null;
            if (firstTry && cacheKey is not null && await FindCachedAsync(cacheKey, cancellationToken) is { } hit)
            {
                await UseCachedAsync(planned, trackingRun, cacheKey, hit);
                CleanUp(paths, succeeded: true);
                return;
            }

            firstTry = false;
            await _services.Blobs.CopyAsync(_workspaceId, _code.Files, string.Empty, paths.Directory, cancellationToken);
            for (var i = 0; i < inputs.Count; i++)
            {
                inputs[i] = await _services.Inputs.MaterializeAsync(_workspaceId, inputs[i], paths, cancellationToken);
            }

            await LinkDatasetInputsAsync(runId, inputs);
            var localInputs = inputs.ToDictionary(i => i.Name, i => i.LocalPath!, StringComparer.Ordinal);
            var scope = await ScopeAsync(planned, references, relativePaths: false, cancellationToken, paths, localInputs);
            string Lookup(string reference) => scope.GetValueOrDefault(reference)!;
            var command = Template.Render(spec.Run!, Lookup);
            var environment = BuildEnvironment(planned, trackingRun, paths, localInputs, attempt, Lookup);
            var credential = await _services.Credentials.IssueAsync(_workspaceId, _run.Creator, _run.Id, planned.Name, spec.Timeout, cancellationToken);
            if (credential is { } issued)
            {
                environment[StepEnvironment.MlflowTrackingToken] = issued.Token;
            }

            StepExit exit;
            long exited;
            try
            {
                exit = await ExecuteAsync(planned, command, environment, paths, runId, cacheKey, attempt, cancellationToken);
                exited = _services.Now;
            }
            finally
            {
                if (credential is { } revoke)
                {
                    await _services.Credentials.RevokeAsync(_run.Creator!, revoke.Name, CancellationToken.None);
                }
            }

            var message = exit.Reason == StepExitReason.Exited && exit.ExitCode == 0 ? null : exit.Detail ?? Describe(exit);
            IReadOnlyDictionary<string, string>? outputs = null;
            if (message is null)
            {
                try
                {
                    outputs = await _services.Outputs.CollectAsync(spec, paths, await ArtifactRootAsync(runId, CancellationToken.None), CancellationToken.None);
                }
                catch (SlipwayException e)
                {
                    message = e.Message;
                }
            }

            // The attempt ends when its process exited; the step, once its outputs and logs are stored. The gap is what
            // bench/pipelines.sh reports as the orchestrator's exit-to-dependents-ready overhead.
            var outcome = new StepAttempt(attempt, message is null ? StepStatus.Succeeded : StepStatus.Failed, _attemptStarted.GetValueOrDefault(planned.Name, exited), exited, exit.ExitCode, message);
            if (message is null)
            {
                await UploadLogsAsync(paths, runId);
                if (cacheKey is not null)
                {
                    await _services.Store.SaveStepCacheEntryAsync(_workspaceId, new StepCacheEntry(cacheKey, _run.Pipeline, planned.Name, _run.Id, runId, outputs!, exited), CancellationToken.None);
                }

                await _services.Tracking.UpdateRunAsync(_workspaceId, runId, new RunUpdate(RunStatus.Finished, exited, null), CancellationToken.None);
                await UpdateStepAsync(planned.Name, new StepRunUpdate(Status: StepStatus.Succeeded, EndTime: _services.Now, ExitCode: exit.ExitCode, Outputs: outputs, ClearProcess: true, Attempt: outcome));
                CleanUp(paths, succeeded: true);
                return;
            }

            if (attempt <= spec.Retries.Count)
            {
                var delay = spec.Retries.DelayBefore(attempt + 1);
                await UpdateStepAsync(planned.Name, new StepRunUpdate(
                    Status: StepStatus.Retrying, NextAttemptTime: exited + (long)delay.TotalMilliseconds, ExitCode: exit.ExitCode,
                    Message: $"attempt {attempt} failed: {message}", ClearProcess: true, Attempt: outcome));
                await File.AppendAllTextAsync(paths.CombinedLog, $"{Environment.NewLine}--- attempt {attempt} failed: {message}; attempt {attempt + 1} in {DurationText.Format(delay)} ---{Environment.NewLine}", CancellationToken.None);
                await Task.Delay(delay, cancellationToken);
                continue;
            }

            await UploadLogsAsync(paths, runId);
            await _services.Tracking.UpdateRunAsync(_workspaceId, runId, new RunUpdate(RunStatus.Failed, exited, null), CancellationToken.None);
            await UpdateStepAsync(planned.Name, new StepRunUpdate(
                Status: StepStatus.Failed, EndTime: _services.Now, ExitCode: exit.ExitCode,
                Message: attempt > 1 ? $"{message} (attempt {attempt} of {attempt})" : message, ClearProcess: true, Attempt: outcome));
            return;
        }
    }

    private async Task<StepExit> ExecuteAsync(
        PlannedStep planned, string command, Dictionary<string, string> environment, StepPaths paths, string runId, string? cacheKey, int attempt, CancellationToken cancellationToken)
    {
        var leaseTask = _services.Executor.AcquireAsync(planned.Spec.Resources, cancellationToken);
        if (!leaseTask.IsCompleted)
        {
            await UpdateStepAsync(planned.Name, new StepRunUpdate(Status: StepStatus.Waiting, Message: $"waiting for {Describe(planned.Spec.Resources)}"));
        }

        using var lease = await leaseTask;
        await using var recorder = new SystemMetricsRecorder(_services.Tracking, _workspaceId, runId);
        var launch = new StepLaunch(
            command, paths.Directory, environment, paths.StdoutLog, paths.StderrLog, paths.CombinedLog, planned.Spec.Timeout,
            planned.Spec.Resources.MemoryBytes, _services.Options.SampleInterval, recorder.Record);
        await using var process = await _services.Executor.StartAsync(launch, lease, cancellationToken);
        var started = _services.Now;
        _attemptStarted[planned.Name] = started;
        await UpdateStepAsync(planned.Name, new StepRunUpdate(
            Status: StepStatus.Running, Attempts: attempt, TrackingRunId: runId, CacheKey: cacheKey, StartTime: _states[planned.Name].StartTime ?? started,
            Message: string.Empty, ProcessId: process.ProcessId, ProcessStartTime: process.StartTime,
            Attempt: new StepAttempt(attempt, StepStatus.Running, started, null, null, null)));
        try
        {
            return await process.Completion.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await process.KillAsync(_services.Options.KillGrace);
            await process.Completion;
            var ended = _services.Now;
            await UpdateStepAsync(planned.Name, new StepRunUpdate(
                ClearProcess: true,
                Attempt: new StepAttempt(attempt, StepStatus.Canceled, started, ended, null, _canceled.IsCancellationRequested ? "canceled" : "interrupted: the server stopped")));
            throw;
        }
    }

    private async Task<StepCacheEntry?> FindCachedAsync(string cacheKey, CancellationToken cancellationToken)
    {
        var entry = await _services.Store.FindStepCacheEntryAsync(_workspaceId, cacheKey, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        // Outputs deleted since (the earlier run was deleted, artifacts cleaned up) make the entry useless.
        var root = await ArtifactRootAsync(entry.TrackingRunId, cancellationToken);
        foreach (var (name, path) in entry.Outputs)
        {
            if (!name.EndsWith(OutputCollector.DigestSuffix, StringComparison.Ordinal) && !await _services.Transfer.ExistsAsync(root + "/" + path, cancellationToken))
            {
                return null;
            }
        }

        return entry;
    }

    private async Task UseCachedAsync(PlannedStep planned, Run trackingRun, string cacheKey, StepCacheEntry hit)
    {
        var now = _services.Now;
        await _services.Tracking.LogBatchAsync(
            _workspaceId, trackingRun.Info.RunId, [], [], [new Tag(PipelineTags.Cache, "hit"), new Tag(PipelineTags.CacheSource, hit.TrackingRunId)], CancellationToken.None);
        await _services.Tracking.UpdateRunAsync(_workspaceId, trackingRun.Info.RunId, new RunUpdate(RunStatus.Finished, now, null), CancellationToken.None);
        await UpdateStepAsync(planned.Name, new StepRunUpdate(
            Status: StepStatus.Cached, TrackingRunId: trackingRun.Info.RunId, CacheKey: cacheKey, CachedFrom: hit.TrackingRunId, StartTime: now, EndTime: now,
            Message: $"outputs of run {hit.TrackingRunId} (pipeline run {hit.PipelineRunId})", Outputs: hit.Outputs));
    }

    private async Task<string> CacheKeyAsync(PlannedStep planned, StepPaths paths, List<ResolvedInput> inputs, List<string> references, CancellationToken cancellationToken)
    {
        var spec = planned.Spec;
        var stable = await ScopeAsync(planned, references, relativePaths: true, cancellationToken, paths);
        string Lookup(string reference) => stable.GetValueOrDefault(reference)!;
        var key = new StepCacheKey()
            .Add("pipeline", _run.Pipeline)
            .Add("step", planned.SweepParent ?? planned.Name)
            .Add("run", Template.Render(spec.Run!, Lookup))
            .AddAll("env:", _spec.Env.Select(e => KeyValuePair.Create(e.Key, Template.Render(e.Value, Lookup))))
            .AddAll("step-env:", spec.Env.Select(e => KeyValuePair.Create(e.Key, Template.Render(e.Value, Lookup))))
            .AddAll("output:", spec.Outputs.Select(o => KeyValuePair.Create(o.Name, o.Path)))
            .AddAll("matrix:", planned.Matrix)
            .AddAll("input:", inputs.Select(i => KeyValuePair.Create(i.Name, i.Digest)))
            .Add("code", _code.DigestOf(spec.Code));
        return key.Build();
    }

    private Dictionary<string, string> BuildEnvironment(
        PlannedStep planned, Run trackingRun, StepPaths paths, Dictionary<string, string> inputs, int attempt, Func<string, string> lookup)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PYTHONUNBUFFERED"] = "1" };
        foreach (var (name, value) in _spec.Env)
        {
            environment[name] = Template.Render(value, lookup);
        }

        foreach (var (name, value) in planned.Spec.Env)
        {
            environment[name] = Template.Render(value, lookup);
        }

        foreach (var (name, value) in planned.Matrix)
        {
            environment[StepEnvironment.Matrix(name)] = value;
        }

        foreach (var (name, path) in inputs)
        {
            environment[StepEnvironment.Input(name)] = path;
        }

        foreach (var output in planned.Spec.Outputs)
        {
            environment[StepEnvironment.Output(output.Name)] = paths.OutputPath(output.Path);
        }

        environment[StepEnvironment.MlflowTrackingUri] = _services.Options.TrackingUri;
        environment[StepEnvironment.SlipwayTrackingUri] = _services.Options.TrackingUri;
        environment[StepEnvironment.MlflowRunId] = trackingRun.Info.RunId;
        environment[StepEnvironment.MlflowExperimentId] = trackingRun.Info.ExperimentId;
        environment[StepEnvironment.SlipwayWorkspace] = _workspaceId;
        environment[StepEnvironment.Pipeline] = _run.Pipeline;
        environment[StepEnvironment.PipelineRunId] = _run.Id;
        environment[StepEnvironment.Step] = planned.Name;
        environment[StepEnvironment.StepDirectory] = paths.Directory;
        environment[StepEnvironment.Attempt] = attempt.ToString(CultureInfo.InvariantCulture);
        return environment;
    }

    /// <summary>
    /// The values of the references a template or condition uses. With <paramref name="relativePaths"/>, paths are
    /// relative to the step directory and the run id is left out: what the cache key is made of.
    /// </summary>
    private async Task<Dictionary<string, string>> ScopeAsync(
        PlannedStep planned, IEnumerable<string> references, bool relativePaths, CancellationToken cancellationToken, StepPaths? paths = null, Dictionary<string, string>? inputs = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        paths ??= new StepPaths(_services.Options.WorkDirectory, _run.Id, planned.Name);
        foreach (var reference in references.Distinct(StringComparer.Ordinal))
        {
            var parts = reference.Split('.', 4);
            if (parts is ["steps", var step, "metrics", var metric])
            {
                var run = await _services.Tracking.GetRunAsync(_workspaceId, RunIdOf(step), cancellationToken);
                if (run.Metrics.FirstOrDefault(m => m.Key == metric) is { Key: not null } found)
                {
                    values[reference] = found.Value.ToString("R", CultureInfo.InvariantCulture);
                }

                continue;
            }

            if (parts is ["inputs", var input] && inputs is not null && !relativePaths && inputs.TryGetValue(input, out var local))
            {
                values[reference] = local;
                continue;
            }

            if (ScopeValue(planned, reference, paths, relativePaths) is { } value)
            {
                values[reference] = value;
            }
        }

        return values;
    }

    private string? ScopeValue(PlannedStep planned, string reference, StepPaths paths, bool relativePaths)
    {
        var parts = reference.Split('.', 3);
        return parts switch
        {
            ["params", var name] => _run.Params.GetValueOrDefault(name),
            ["matrix", var name] => planned.Matrix.GetValueOrDefault(name),
            ["inputs", var name] => relativePaths ? "inputs/" + name : paths.InputPath(name),
            ["outputs", var name] => planned.Spec.Outputs.FirstOrDefault(o => o.Name == name) is { } output
                ? relativePaths ? output.Path : paths.OutputPath(output.Path)
                : null,
            ["pipeline", "name"] => _run.Pipeline,
            ["pipeline", "run_id"] => relativePaths ? string.Empty : _run.Id,
            ["trigger", "kind"] => _run.Trigger.Kind,
            ["trigger", "detail"] => _run.Trigger.Detail ?? string.Empty,
            ["step", "name"] => planned.Name,
            ["steps", var step, "status"] => _states.TryGetValue(step, out var state) ? state.Status.Name() : null,
            _ => null,
        };
    }

    private async Task<(string StorePath, string Digest)> LocateOutputAsync(string step, string output, CancellationToken cancellationToken)
    {
        var (runId, path) = OutputOf(step, output);
        var producer = _planned[step].Variants.Count > 0 ? _bestVariants[step] : step;
        var digest = _states[producer].Outputs.GetValueOrDefault(output + OutputCollector.DigestSuffix) ?? string.Empty;
        return ((await ArtifactRootAsync(runId, cancellationToken)) + "/" + path, digest);
    }

    private async Task<string> ArtifactRootAsync(string trackingRunId, CancellationToken cancellationToken = default)
    {
        if (_artifactRoots.TryGetValue(trackingRunId, out var root))
        {
            return root;
        }

        var run = await _services.Tracking.GetRunAsync(_workspaceId, trackingRunId, cancellationToken);
        return _artifactRoots[trackingRunId] = ArtifactLocations.ToStorePath(run.Info.ArtifactUri);
    }

    private async Task<Run> EnsureTrackingRunAsync(PlannedStep planned, CancellationToken cancellationToken)
    {
        var state = _states[planned.Name];
        if (state.TrackingRunId is { } existing)
        {
            var found = await _services.Tracking.GetRunAsync(_workspaceId, existing, cancellationToken);
            _artifactRoots[existing] = ArtifactLocations.ToStorePath(found.Info.ArtifactUri);
            if (found.Info.Status != RunStatus.Running)
            {
                await _services.Tracking.UpdateRunAsync(_workspaceId, existing, new RunUpdate(RunStatus.Running, null, null), cancellationToken);
            }

            return found;
        }

        var parent = planned.SweepParent is { } sweep ? _states[sweep].TrackingRunId ?? _run.Id : _run.Id;
        var tags = new List<Tag>
        {
            new(SystemTags.ParentRunId, parent),
            new(PipelineTags.Pipeline, _run.Pipeline),
            new(PipelineTags.PipelineRun, _run.Id),
            new(PipelineTags.Step, planned.Name),
            new(PipelineTags.Executor, planned.Spec.Uses is null ? _services.Executor.Name : "built-in"),
        };
        var run = await _services.Tracking.CreateRunAsync(_workspaceId, _run.ExperimentId, _run.Creator, planned.Name, _services.Now, tags, cancellationToken);
        _artifactRoots[run.Info.RunId] = ArtifactLocations.ToStorePath(run.Info.ArtifactUri);
        if (planned.Matrix.Count > 0)
        {
            await _services.Tracking.LogBatchAsync(_workspaceId, run.Info.RunId, [], [.. planned.Matrix.Select(m => new Param(m.Key, m.Value))], [], cancellationToken);
        }

        if (planned.Variants.Count > 0)
        {
            await UpdateStepAsync(planned.Name, new StepRunUpdate(Status: StepStatus.Running, TrackingRunId: run.Info.RunId, StartTime: _services.Now));
        }

        return run;
    }

    /// <summary>Ranks a sweep's variants once they have all finished; the best one stands for the sweep from then on.</summary>
    private async Task FinishSweepAsync(PlannedStep sweep)
    {
        var done = sweep.Variants.Where(v => _states[v].Status.IsDone()).ToList();
        var rank = sweep.Spec.Matrix?.Rank;
        var ranked = await RankAsync(sweep);
        var failed = sweep.Variants.Count - done.Count;
        if (ranked.Count == 0)
        {
            var why = done.Count == 0 ? "every variant failed" : $"no variant logged the metric '{rank!.Metric}' it is ranked by";
            await EndStepAsync(sweep, StepStatus.Failed, RunStatus.Failed, why);
            return;
        }

        var best = ranked[0].Variant;
        _bestVariants[sweep.Name] = best;
        for (var i = 0; i < ranked.Count; i++)
        {
            await _services.Tracking.SetTagAsync(_workspaceId, RunIdOf(ranked[i].Variant), new Tag(PipelineTags.SweepRank, (i + 1).ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
        }

        var sweepRun = await EnsureTrackingRunAsync(sweep, CancellationToken.None);
        var values = string.Join(", ", _planned[best].Matrix.Select(m => $"{m.Key}={m.Value}"));
        List<Metric> metrics = rank is null ? [] : [new("best_" + rank.Metric, ranked[0].Score!.Value, _services.Now, 0)];
        await _services.Tracking.LogBatchAsync(_workspaceId, sweepRun.Info.RunId, metrics, [], [new Tag(PipelineTags.SweepBest, best)], CancellationToken.None);
        var summary = rank is null
            ? $"best: {best} ({values}), the first of {done.Count} variants to succeed (no rank metric)"
            : $"best: {best} ({values}) with {rank.Metric} {ranked[0].Score!.Value.ToString("G6", CultureInfo.InvariantCulture)}, of {ranked.Count} ranked variants";
        if (failed > 0)
        {
            summary += $"; {failed} variant{(failed > 1 ? "s" : string.Empty)} failed";
        }

        await _services.Tracking.UpdateRunAsync(_workspaceId, sweepRun.Info.RunId, new RunUpdate(RunStatus.Finished, _services.Now, null), CancellationToken.None);
        await UpdateStepAsync(sweep.Name, new StepRunUpdate(Status: StepStatus.Succeeded, EndTime: _services.Now, Message: summary, Outputs: _states[best].Outputs));
    }

    /// <summary>The sweep's successful variants, best first (by the rank metric; in plan order when there is none).</summary>
    private async Task<List<(string Variant, double? Score)>> RankAsync(PlannedStep sweep)
    {
        var done = sweep.Variants.Where(v => _states[v].Status.IsDone()).ToList();
        var rank = sweep.Spec.Matrix?.Rank;
        var scored = new List<(string Variant, double? Score)>();
        foreach (var variant in done)
        {
            double? score = null;
            if (rank is not null)
            {
                var run = await _services.Tracking.GetRunAsync(_workspaceId, RunIdOf(variant), CancellationToken.None);
                score = run.Metrics.Where(m => m.Key == rank.Metric).Select(m => (double?)m.Value).FirstOrDefault();
            }

            scored.Add((variant, score));
        }

        var order = sweep.Variants.ToList();
        return rank is null
            ? scored
            : [.. scored.Where(s => s.Score is not null).OrderBy(s => rank.Maximize ? -s.Score!.Value : s.Score!.Value).ThenBy(s => order.IndexOf(s.Variant))];
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
        await _services.Tracking.UpdateRunAsync(_workspaceId, _run.Id, new RunUpdate(trackingStatus, now, null), CancellationToken.None);
        _run = await _services.Store.UpdatePipelineRunAsync(_workspaceId, _run.Id, new PipelineRunUpdate(status, EndTime: now, Message: message), CancellationToken.None);
        return _run;
    }

    private async Task LinkDatasetInputsAsync(string runId, List<ResolvedInput> inputs)
    {
        var versions = inputs.Where(i => i.Dataset is not null).Select(i => i.Dataset!).Distinct().ToList();
        if (versions.Count > 0)
        {
            await _services.Linker.LinkAsync(_workspaceId, runId, versions, CancellationToken.None);
        }
    }

    private async Task UploadLogsAsync(StepPaths paths, string runId)
    {
        var root = await ArtifactRootAsync(runId);
        foreach (var log in new[] { paths.StdoutLog, paths.StderrLog, paths.CombinedLog })
        {
            if (File.Exists(log))
            {
                await _services.Transfer.UploadAsync(log, root + "/logs", CancellationToken.None);
            }
        }
    }

    private async Task<StepRun> UpdateStepAsync(string step, StepRunUpdate update)
    {
        var stored = await _services.Store.UpdateStepRunAsync(_workspaceId, _run.Id, step, update, CancellationToken.None);
        _states[step] = stored;
        return stored;
    }

    private static void PrepareDirectory(StepPaths paths)
    {
        if (Directory.Exists(paths.Directory))
        {
            Directory.Delete(paths.Directory, recursive: true);
        }

        Directory.CreateDirectory(paths.Directory);
        Directory.CreateDirectory(paths.LogDirectory);
    }

    private void CleanUp(StepPaths paths, bool succeeded)
    {
        if (succeeded && !_services.Options.KeepStepDirectories && Directory.Exists(paths.Directory))
        {
            Directory.Delete(paths.Directory, recursive: true);
        }
    }

    private static string Describe(StepExit exit) => exit.Reason switch
    {
        StepExitReason.Exited => $"exit code {exit.ExitCode}",
        StepExitReason.TimedOut => "timed out",
        StepExitReason.MemoryLimitExceeded => "exceeded its memory limit",
        StepExitReason.Killed => "killed",
        _ => "could not start",
    };

    private static string Describe(ResourceRequest request)
    {
        var parts = new List<string> { $"{request.Cpu.ToString(CultureInfo.InvariantCulture)} CPU" };
        if (request.MemoryBytes > 0)
        {
            parts.Add($"{request.MemoryBytes / (1024 * 1024)} MiB");
        }

        if (request.Gpu > 0)
        {
            parts.Add($"{request.Gpu} GPU");
        }

        return string.Join(", ", parts);
    }
}
