namespace Slipway.Serving.Deployments;

/// <summary>
/// What a deployment should serve right now: its registry URIs resolved to versions. The engine compares plans to
/// decide whether anything must be loaded; a plan equal to the one being served changes nothing.
/// </summary>
public sealed record DeploymentPlan(
    string WorkspaceId,
    string Name,
    long Revision,
    IReadOnlyList<PlannedTarget> Targets,
    PlannedTarget? Shadow,
    string? StickyHeader,
    int MaxBatchSize,
    int MaxLatencyMs,
    double LogSampleRate,
    string? LogWebhook)
{
    public bool Batching => MaxBatchSize > 0;

    public bool Equals(DeploymentPlan? other) =>
        other is not null
        && WorkspaceId == other.WorkspaceId && Name == other.Name && Revision == other.Revision
        && Targets.SequenceEqual(other.Targets) && Equals(Shadow, other.Shadow) && StickyHeader == other.StickyHeader
        && MaxBatchSize == other.MaxBatchSize && MaxLatencyMs == other.MaxLatencyMs
        && LogSampleRate.Equals(other.LogSampleRate) && LogWebhook == other.LogWebhook;

    public override int GetHashCode() => HashCode.Combine(WorkspaceId, Name, Revision, Targets.Count);
}
