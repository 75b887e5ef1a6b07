namespace Slipway.Core.Data.Profiles;

/// <summary>Moments, quantiles and a histogram of a numeric column's non-missing values.</summary>
public sealed record NumericSummary
{
    public required double Min { get; init; }

    public required double Max { get; init; }

    public required double Mean { get; init; }

    /// <summary>Sample standard deviation (n - 1); 0 for a single value.</summary>
    public required double StandardDeviation { get; init; }

    /// <summary>Quantiles by name: <c>p1</c>, <c>p5</c>, <c>p25</c>, <c>p50</c>, <c>p75</c>, <c>p95</c>, <c>p99</c>.</summary>
    public required IReadOnlyDictionary<string, double> Quantiles { get; init; }

    public required Histogram Histogram { get; init; }
}
