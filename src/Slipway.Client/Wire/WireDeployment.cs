namespace Slipway.Client.Wire;

/// <summary>A deployment as <c>/api/v1/deployments</c> answers it: its configuration and what the server serves for it.</summary>
internal sealed record WireDeployment
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public long Revision { get; init; }

    public List<WireDeploymentTarget>? Targets { get; init; }

    public string? Shadow { get; init; }

    public string? StickyHeader { get; init; }

    public WireDeploymentBatching? Batching { get; init; }

    public double? LogSampleRate { get; init; }

    public string? LogWebhook { get; init; }

    public long CreationTimestamp { get; init; }

    public long LastUpdatedTimestamp { get; init; }

    public string? CreatedBy { get; init; }

    public string? UpdatedBy { get; init; }

    public WireDeploymentStatus? Status { get; init; }
}
