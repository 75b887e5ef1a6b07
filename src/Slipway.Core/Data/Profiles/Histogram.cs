namespace Slipway.Core.Data.Profiles;

/// <summary>
/// Equal-width bins over [min, max]: <see cref="Edges"/> has one more entry than <see cref="Counts"/>; bin i holds
/// values in [Edges[i], Edges[i+1]), the last bin also its upper edge.
/// </summary>
public sealed record Histogram
{
    public required IReadOnlyList<double> Edges { get; init; }

    public required IReadOnlyList<long> Counts { get; init; }
}
