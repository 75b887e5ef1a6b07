using System.Globalization;

namespace Slipway.Data.Tests.Profiling;

/// <summary>
/// A column's statistics computed the plain way, in memory, as a check on the profiler: quantiles by linear
/// interpolation between order statistics (R-7), histogram bins by floor((x - min) / width).
/// </summary>
public sealed class ExpectedColumn
{
    private ExpectedColumn(int rows, int missing, long distinct)
    {
        Rows = rows;
        Missing = missing;
        Distinct = distinct;
    }

    public int Rows { get; }

    public int Missing { get; }

    public long Distinct { get; }

    public double[] Sorted { get; private init; } = [];

    public List<(string Value, long Count)> Top { get; private init; } = [];

    public double Mean => Sorted.Sum() / Sorted.Length;

    public double StandardDeviation => Sorted.Length < 2 ? 0 : Math.Sqrt(Sorted.Sum(x => (x - Mean) * (x - Mean)) / (Sorted.Length - 1));

    public static ExpectedColumn Numbers(IReadOnlyList<double?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).Order().ToArray();
        return new ExpectedColumn(values.Count, values.Count - present.Length, present.Distinct().LongCount()) { Sorted = present };
    }

    public static ExpectedColumn Categories(IReadOnlyList<string?> values, int top = 20)
    {
        var present = values.Where(v => v is not null).Select(v => v!).ToList();
        var counts = present
            .GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => (g.Key, (long)g.Count()))
            .OrderByDescending(g => g.Item2)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return new ExpectedColumn(values.Count, values.Count - present.Count, counts.Count) { Top = counts.Take(top).ToList() };
    }

    public double Quantile(double level)
    {
        var position = (Sorted.Length - 1) * level;
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, Sorted.Length - 1);
        return Sorted[below] + ((position - below) * (Sorted[above] - Sorted[below]));
    }

    public long[] HistogramCounts(int bins)
    {
        var min = Sorted[0];
        var width = (Sorted[^1] - min) / bins;
        var counts = new long[bins];
        foreach (var x in Sorted)
        {
            counts[Math.Min((int)Math.Floor((x - min) / width), bins - 1)]++;
        }

        return counts;
    }

    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
