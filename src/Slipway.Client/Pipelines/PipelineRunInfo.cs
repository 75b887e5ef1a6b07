using Slipway.Core.Pipelines;

namespace Slipway.Client.Pipelines;

/// <summary>
/// One run of a pipeline. <see cref="Id"/> is also the id of its tracking run (in <see cref="ExperimentId"/>), and
/// each step logs into a nested tracking run of its own. <see cref="Trigger"/> says what started it (<c>manual</c>,
/// <c>schedule</c>, <c>webhook</c>, <c>dataset</c>, <c>alert</c>, <c>retry</c>) and <see cref="TriggerDetail"/> how.
/// <see cref="Steps"/> is empty in lists and filled by <see cref="SlipwayClient.GetPipelineRunAsync"/>. Times are
/// milliseconds since the Unix epoch.
/// </summary>
public sealed record PipelineRunInfo(
    string Id,
    string Pipeline,
    PipelineRunStatus Status,
    IReadOnlyDictionary<string, string> Params,
    string Trigger,
    string? TriggerDetail,
    string? Creator,
    string ExperimentId,
    string? Code,
    long CreationTime,
    long? StartTime,
    long? EndTime,
    string? Message,
    bool CancelRequested,
    IReadOnlyList<PipelineStepInfo> Steps)
{
    /// <summary>Succeeded, failed or canceled: nothing will change any more.</summary>
    public bool IsFinal => Status.IsFinal();

    /// <summary>The step named <paramref name="name"/>, or null.</summary>
    public PipelineStepInfo? FindStep(string name) => Steps.FirstOrDefault(s => s.Name == name);
}
