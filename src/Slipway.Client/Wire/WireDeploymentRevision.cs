namespace Slipway.Client.Wire;

/// <summary>One entry of a deployment's history.</summary>
internal sealed record WireDeploymentRevision
{
    public long Revision { get; init; }

    public string? Change { get; init; }

    public long CreationTimestamp { get; init; }

    public string? CreatedBy { get; init; }

    public List<WireDeploymentTarget>? Targets { get; init; }

    public string? Shadow { get; init; }

    public string? StickyHeader { get; init; }

    public WireDeploymentBatching? Batching { get; init; }

    public double? LogSampleRate { get; init; }

    public string? LogWebhook { get; init; }
}
