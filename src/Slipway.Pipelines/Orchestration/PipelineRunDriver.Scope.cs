using System.Globalization;
using Slipway.Core.Artifacts;
using Slipway.Core.Pipelines;
using Slipway.Core.Tracking;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Orchestration;

/// <summary>What a step sees: its tracking run, its environment, and the values its templates and conditions refer to.</summary>
internal sealed partial class PipelineRunDriver
{
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
}
