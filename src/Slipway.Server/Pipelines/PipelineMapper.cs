using Slipway.Core.Pipelines;
using Slipway.Core.Stores;
using Slipway.Pipelines.Orchestration;
using Slipway.Pipelines.Specs;

namespace Slipway.Server.Pipelines;

/// <summary>Maps pipeline types to the messages of <see cref="PipelinesApi"/>.</summary>
internal static class PipelineMapper
{
    public static PipelineSpecSummaryDto Summarize(PipelineSpec spec)
    {
        var graph = new PipelineGraph(spec);
        return new PipelineSpecSummaryDto
        {
            Name = spec.Name,
            Description = spec.Description,
            Experiment = spec.ExperimentName,
            Params = [.. spec.Params.Select(p => new ParamDto { Name = p.Name, Type = TypeName(p.Type), Default = p.Default, Description = p.Description })],
            Steps = [.. spec.Steps.Select(s => new StepSummaryDto { Name = s.Name, Action = s.Uses is null ? s.Run! : "uses:" + s.Uses, DependsOn = [.. graph.DependenciesOf(s.Name)] })],
            Triggers = [.. spec.Triggers.Select(t => t.Key)],
            Concurrency = spec.Concurrency switch
            {
                ConcurrencyPolicy.SkipIfRunning => "skip-if-running",
                ConcurrencyPolicy.Queue => "queue",
                _ => "allow",
            },
            CooldownSeconds = spec.Cooldown.TotalSeconds,
        };
    }

    public static PipelineDto ToDto(PipelineDefinition pipeline, bool withSpec)
    {
        PipelineSpecSummaryDto? summary = null;
        if (withSpec)
        {
            try
            {
                summary = Summarize(PipelineService.Parse(pipeline.Spec, pipeline.Name + ".yaml"));
            }
            catch (Core.Errors.SlipwayException)
            {
                // A spec registered by an older server that this one reads differently: shown as text only.
            }
        }

        return new PipelineDto
        {
            Name = pipeline.Name,
            Creator = pipeline.Creator,
            CreationTime = pipeline.CreationTime,
            LastUpdatedTime = pipeline.LastUpdatedTime,
            Code = pipeline.Code,
            Spec = withSpec ? pipeline.Spec : null,
            Summary = summary,
        };
    }

    public static PipelineRunDto ToDto(PipelineRun run) => new()
    {
        Id = run.Id,
        Pipeline = run.Pipeline,
        Status = run.Status.Name(),
        Params = new Dictionary<string, string>(run.Params, StringComparer.Ordinal),
        Trigger = run.Trigger.Kind,
        TriggerDetail = run.Trigger.Detail,
        Creator = run.Creator,
        ExperimentId = run.ExperimentId,
        Code = run.Code,
        CreationTime = run.CreationTime,
        StartTime = run.StartTime,
        EndTime = run.EndTime,
        Message = run.Message,
        CancelRequested = run.CancelRequested,
    };

    /// <summary>The run with its steps, each with its attempts and where it sits in the graph.</summary>
    public static async Task<PipelineRunDto> ToDetailedDtoAsync(IPipelineStore store, string workspaceId, PipelineRun run, CancellationToken cancellationToken)
    {
        var dto = ToDto(run);
        IReadOnlyDictionary<string, PlannedStep> plan;
        try
        {
            plan = PipelinePlan.Build(PipelineService.Parse(run.Spec, run.Pipeline + ".yaml"), run.Params).ToDictionary(p => p.Name, StringComparer.Ordinal);
        }
        catch (Core.Errors.SlipwayException)
        {
            plan = new Dictionary<string, PlannedStep>();
        }

        var steps = new List<StepRunDto>();
        foreach (var step in await store.ListStepRunsAsync(workspaceId, run.Id, cancellationToken))
        {
            var attempts = await store.ListStepAttemptsAsync(workspaceId, run.Id, step.Name, cancellationToken);
            var planned = plan.GetValueOrDefault(step.Name);
            steps.Add(new StepRunDto
            {
                Name = step.Name,
                Status = step.Status.Name(),
                Attempts = step.Attempts,
                RunId = step.TrackingRunId,
                CachedFrom = step.CachedFrom,
                StartTime = step.StartTime,
                EndTime = step.EndTime,
                NextAttemptTime = step.NextAttemptTime,
                ExitCode = step.ExitCode,
                Message = string.IsNullOrEmpty(step.Message) ? null : step.Message,
                Outputs = step.Outputs.Where(o => !o.Key.EndsWith(OutputCollector.DigestSuffix, StringComparison.Ordinal)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal),
                Sweep = planned?.SweepParent,
                Variants = planned is { Variants.Count: > 0 } ? [.. planned.Variants] : null,
                Matrix = planned is { Matrix.Count: > 0 } ? new Dictionary<string, string>(planned.Matrix, StringComparer.Ordinal) : null,
                DependsOn = planned is null ? [] : [.. planned.DependsOn],
                AttemptHistory = [.. attempts.Select(a => new StepAttemptDto { Number = a.Number, Status = a.Status.Name(), StartTime = a.StartTime, EndTime = a.EndTime, ExitCode = a.ExitCode, Message = a.Message })],
            });
        }

        dto.Steps = steps;
        return dto;
    }

    public static WebhookDto ToDto(PipelineWebhook webhook) => new()
    {
        Id = webhook.Id,
        Pipeline = webhook.Pipeline,
        Url = "/api/v1/hooks/" + webhook.Id,
        Creator = webhook.Creator,
        CreationTime = webhook.CreationTime,
    };

    private static string TypeName(ParamType type) => type switch
    {
        ParamType.WholeNumber => "int",
        ParamType.Number => "float",
        ParamType.Boolean => "bool",
        _ => "string",
    };
}
