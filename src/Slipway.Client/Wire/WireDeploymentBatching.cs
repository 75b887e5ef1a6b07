namespace Slipway.Client.Wire;

internal sealed record WireDeploymentBatching
{
    public int? MaxBatchSize { get; init; }

    public int? MaxLatencyMs { get; init; }
}
