using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;

namespace Slipway.Client.Wire;

/// <summary>
/// Maps the pipeline API's wire records to the SDK's pipeline records. Missing fields become empty values, and a
/// status this client does not know reads as the nearest unfinished one (queued, pending), so that a newer server's
/// answers still map.
/// </summary>
internal static class PipelineWireMapper
{
    public static PipelineSpecSummary ToDomain(this WirePipelineSpecSummary wire) => new(
        wire.Name ?? string.Empty,
        wire.Description,
        wire.Experiment ?? wire.Name ?? string.Empty,
        wire.Params?.Select(p => new PipelineParamInfo(p.Name ?? string.Empty, p.Type ?? "string", p.Default, p.Description)).ToArray() ?? [],
        wire.Steps?.Select(s => new PipelineStepSummary(s.Name ?? string.Empty, s.Action ?? string.Empty, s.DependsOn?.ToArray() ?? [])).ToArray() ?? [],
        wire.Triggers?.ToArray() ?? [],
        wire.Concurrency ?? "allow",
        TimeSpan.FromSeconds(double.IsFinite(wire.CooldownSeconds) ? Math.Max(0, wire.CooldownSeconds) : 0));

    public static PipelineInfo ToDomain(this WirePipeline wire) => new(
        wire.Name ?? string.Empty,
        wire.Creator,
        wire.CreationTime,
        wire.LastUpdatedTime,
        wire.Code,
        wire.Spec,
        wire.Summary?.ToDomain());

    public static PipelineRunInfo ToDomain(this WirePipelineRun wire) => new(
        wire.Id ?? string.Empty,
        wire.Pipeline ?? string.Empty,
        ParseRunStatus(wire.Status),
        wire.Params ?? [],
        wire.Trigger ?? PipelineTrigger.Manual,
        wire.TriggerDetail,
        wire.Creator,
        wire.ExperimentId ?? string.Empty,
        wire.Code,
        wire.CreationTime,
        wire.StartTime,
        wire.EndTime,
        wire.Message,
        wire.CancelRequested,
        wire.Steps?.Select(ToDomain).ToArray() ?? []);

    public static PipelineStepInfo ToDomain(this WireStepRun wire) => new(
        wire.Name ?? string.Empty,
        ParseStepStatus(wire.Status),
        wire.Attempts,
        wire.RunId,
        wire.CachedFrom,
        wire.StartTime,
        wire.EndTime,
        wire.NextAttemptTime,
        wire.ExitCode,
        wire.Message,
        wire.Outputs ?? [],
        wire.Sweep,
        wire.Variants?.ToArray() ?? [],
        wire.Matrix,
        wire.DependsOn?.ToArray() ?? [],
        wire.AttemptHistory?.Select(a => new StepAttemptInfo(a.Number, ParseStepStatus(a.Status), a.StartTime, a.EndTime, a.ExitCode, a.Message)).ToArray() ?? []);

    public static LaunchOutcome ToDomain(this Responses.LaunchResponse wire) =>
        new(wire.Run?.ToDomain(), wire.Run is null ? wire.Skipped ?? "the server started no run" : null);

    public static PipelineWebhookInfo ToDomain(this WireWebhook wire) =>
        new(wire.Id ?? string.Empty, wire.Pipeline ?? string.Empty, wire.Url ?? string.Empty, wire.Token, wire.Creator, wire.CreationTime);

    private static PipelineRunStatus ParseRunStatus(string? name) =>
        Enum.GetValues<PipelineRunStatus>().FirstOrDefault(status => status.Name() == name, PipelineRunStatus.Queued);

    private static StepStatus ParseStepStatus(string? name) =>
        Enum.GetValues<StepStatus>().FirstOrDefault(status => status.Name() == name, StepStatus.Pending);
}
