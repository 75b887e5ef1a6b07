using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Profiling;

/// <summary>The numeric summary of a column's finite values, read off them once they are sorted.</summary>
internal static class NumericSummaries
{
    public static readonly (string Name, double Level)[] Quantiles =
    [
        ("p1", 0.01), ("p5", 0.05), ("p25", 0.25), ("p50", 0.50), ("p75", 0.75), ("p95", 0.95), ("p99", 0.99),
    ];

    /// <summary>
    /// <paramref name="sorted"/> holds at least one value, in ascending order. <paramref name="mean"/> is the column's
    /// mean when the caller knows it exactly (integers), otherwise null and it is summed here.
    /// </summary>
    public static NumericSummary FromSorted(ReadOnlySpan<double> sorted, double? mean, int bins)
    {
        var n = sorted.Length;
        var average = mean ?? Sum(sorted) / n;
        var squares = 0.0;
        foreach (var value in sorted)
        {
            var deviation = value - average;
            squares += deviation * deviation;
        }

        var quantiles = new Dictionary<string, double>(Quantiles.Length, StringComparer.Ordinal);
        foreach (var (name, level) in Quantiles)
        {
            quantiles[name] = Quantile(sorted, level);
        }

        return new NumericSummary
        {
            Min = sorted[0],
            Max = sorted[^1],
            Mean = average,
            StandardDeviation = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0,
            Quantiles = quantiles,
            Histogram = Histogram(sorted, bins),
        };
    }

    /// <summary>Linear interpolation between the order statistics around (n - 1) * level (R-7, DuckDB's quantile_cont).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double level)
    {
        var position = (sorted.Length - 1) * level;
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>
    /// Equal-width bins over [min, max]: a value x falls in bin min(floor((x - min) / width), bins - 1) with width
    /// (max - min) / bins. A constant column has one bin, [value, value].
    /// </summary>
    public static Histogram Histogram(ReadOnlySpan<double> sorted, int bins)
    {
        var min = sorted[0];
        var max = sorted[^1];
        if (min == max)
        {
            return new Histogram { Edges = [min, max], Counts = [sorted.Length] };
        }

        // Only a range wider than double.MaxValue needs halving to stay finite; halving is exact.
        var scale = double.IsFinite(max - min) ? 1.0 : 0.5;
        var width = ((max * scale) - (min * scale)) / bins;
        int BinOf(double value) => Math.Min((int)(((value * scale) - (min * scale)) / width), bins - 1);

        // The bin of a value never decreases as the value grows, so each bin's end is found by binary search over
        // the sorted values rather than by dividing every value.
        var counts = new long[bins];
        var start = 0;
        for (var bin = 0; bin < bins; bin++)
        {
            var (low, high) = (start, sorted.Length);
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (BinOf(sorted[middle]) > bin)
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }

            counts[bin] = low - start;
            start = low;
        }

        var edges = new double[bins + 1];
        for (var i = 0; i < bins; i++)
        {
            edges[i] = ((min * scale) + (i * width)) / scale;
        }

        edges[bins] = max;
        return new Histogram { Edges = edges, Counts = counts };
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
