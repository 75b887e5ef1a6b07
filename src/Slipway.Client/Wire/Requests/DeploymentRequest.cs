namespace Slipway.Client.Wire.Requests;

/// <summary>
/// Body of <c>POST /api/v1/deployments</c> and <c>PUT /api/v1/deployments/{name}</c>: the whole configuration, since
/// the server replaces every field (an omitted optional field is cleared, not kept).
/// </summary>
internal sealed record DeploymentRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public List<WireDeploymentTarget>? Targets { get; init; }

    public string? Shadow { get; init; }

    public string? StickyHeader { get; init; }

    public WireDeploymentBatching? Batching { get; init; }

    public double? LogSampleRate { get; init; }

    public string? LogWebhook { get; init; }

    public long? ExpectedRevision { get; init; }
}
