using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;
using Slipway.Core.Tracking;
using Slipway.Pipelines.Execution;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Orchestration;

/// <summary>Running a step: a command as a process through the executor, or a built-in inside the server; the cache.</summary>
internal sealed partial class PipelineRunDriver
{
    private async Task RunBuiltInAsync(PlannedStep planned, string uses, Run trackingRun, CancellationToken cancellationToken)
    {
        var paths = new StepPaths(_services.Options.WorkDirectory, _run.Id, planned.Name);
        PrepareDirectory(paths);
        if (uses == BuiltInStepRunner.ValidateDataset)
        {
            // Only validation reads a file of the code (its suite); the others need no copy of it.
            await CopyCodeAsync(paths, cancellationToken);
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
            await CopyCodeAsync(paths, cancellationToken);
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

    /// <summary>
    /// Puts the code snapshot into a step directory. The snapshot is written out of the blob store (read and verified)
    /// once per run, into the run's own code directory; each step then gets a plain file copy of that, which is an
    /// order of magnitude cheaper for a snapshot of a thousand files.
    /// </summary>
    private async Task CopyCodeAsync(StepPaths paths, CancellationToken cancellationToken)
    {
        if (_code.Files.Count == 0)
        {
            return;
        }

        var tree = Path.Combine(_services.Options.WorkDirectory, _run.Id, "code");
        await _codeTreeLock.WaitAsync(cancellationToken);
        try
        {
            if (!_codeTreeReady)
            {
                if (Directory.Exists(tree))
                {
                    Directory.Delete(tree, recursive: true);
                }

                await _services.Blobs.CopyAsync(_workspaceId, _code.Files, string.Empty, tree, cancellationToken);
                _codeTreeReady = true;
            }
        }
        finally
        {
            _codeTreeLock.Release();
        }

        foreach (var file in _code.Files)
        {
            var target = Path.Combine(paths.Directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(tree, file.Path), target, overwrite: true);
        }
    }

}
