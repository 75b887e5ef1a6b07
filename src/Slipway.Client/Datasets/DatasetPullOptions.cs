namespace Slipway.Client.Datasets;

/// <summary>How <see cref="SlipwayClient.PullAsync"/> fetches a version.</summary>
public sealed record DatasetPullOptions
{
    /// <summary>Download requests in flight at once (1 to 64).</summary>
    public int Parallelism { get; init; } = 8;
}
