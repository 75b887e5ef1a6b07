using System.Text.RegularExpressions;
using Slipway.Cli.Output;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Commands.Runs;

/// <summary>
/// Chooses which metric and param columns a run table shows, within the console width: keys named in the filter or
/// order-by first, then the keys most runs have, then by name; at most <see cref="MaxMetricColumns"/> metrics and
/// <see cref="MaxParamColumns"/> params.
/// </summary>
internal sealed partial record RunColumns(IReadOnlyList<string> MetricKeys, IReadOnlyList<string> ParamKeys, int HiddenMetricKeys, int HiddenParamKeys)
{
    public const int MaxMetricColumns = 6;
    public const int MaxParamColumns = 4;

    /// <summary>Padding and border a rounded Spectre table adds to each column.</summary>
    public const int ColumnChrome = 3;

    /// <summary>Cells wider than this wrap, so a long value does not claim more width than this.</summary>
    public const int MaxColumnWidth = 24;

    /// <param name="availableWidth">Console width left after the fixed columns (run id, name, status, start time).</param>
    public static RunColumns Select(IReadOnlyList<Run> runs, string? filter, IEnumerable<string>? orderBy, int availableWidth)
    {
        var mentioned = MentionedKeys(string.Join(' ', [filter ?? string.Empty, .. orderBy ?? []]));
        var metrics = Rank(runs.SelectMany(r => r.Metrics.Select(m => m.Key)), mentioned["metrics"]);
        var parameters = Rank(runs.SelectMany(r => r.Params.Select(p => p.Key)), mentioned["params"]);

        var candidates = metrics.Take(MaxMetricColumns).Select(key => (Metric: true, Key: key))
            .Concat(parameters.Take(MaxParamColumns).Select(key => (Metric: false, Key: key)))
            .OrderByDescending(c => mentioned[c.Metric ? "metrics" : "params"].Contains(c.Key));
        var shown = new HashSet<(bool, string)>();
        foreach (var (isMetric, key) in candidates)
        {
            var width = isMetric ? MetricColumnWidth(runs, key) : ParamColumnWidth(runs, key);
            if (width <= availableWidth)
            {
                shown.Add((isMetric, key));
                availableWidth -= width;
            }
        }

        var metricKeys = metrics.Where(key => shown.Contains((true, key))).ToArray();
        var paramKeys = parameters.Where(key => shown.Contains((false, key))).ToArray();
        return new RunColumns(metricKeys, paramKeys, metrics.Count - metricKeys.Length, parameters.Count - paramKeys.Length);
    }

    /// <summary>The width a column needs for its header and cells, capped at <paramref name="maxWidth"/>, with its chrome.</summary>
    public static int ColumnWidth(string header, IEnumerable<string> cells, int maxWidth = MaxColumnWidth) =>
        Math.Min(maxWidth, cells.Append(header).Max(text => text.Length)) + ColumnChrome;

    private static int MetricColumnWidth(IReadOnlyList<Run> runs, string key) =>
        ColumnWidth("metrics." + key, runs.SelectMany(r => r.Metrics.Where(m => m.Key == key).Select(m => DisplayFormat.Number(m.Value))));

    private static int ParamColumnWidth(IReadOnlyList<Run> runs, string key) =>
        ColumnWidth("params." + key, runs.SelectMany(r => r.Params.Where(p => p.Key == key).Select(p => p.Value)));

    private static List<string> Rank(IEnumerable<string> keys, HashSet<string> mentioned) =>
        keys.GroupBy(key => key, StringComparer.Ordinal)
            .OrderByDescending(group => mentioned.Contains(group.Key))
            .ThenByDescending(group => group.Count())
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => group.Key)
            .ToList();

    private static Dictionary<string, HashSet<string>> MentionedKeys(string text)
    {
        var keys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["metrics"] = new(StringComparer.Ordinal),
            ["params"] = new(StringComparer.Ordinal),
        };
        foreach (Match match in KeyReference().Matches(text))
        {
            var kind = match.Groups["kind"].Value.ToLowerInvariant() switch
            {
                "metric" or "metrics" => "metrics",
                _ => "params",
            };
            keys[kind].Add(match.Groups["key"].Value.Trim('`', '"'));
        }

        return keys;
    }

    [GeneratedRegex("""\b(?<kind>metrics?|params?|parameters?)\.(?<key>`[^`]+`|"[^"]+"|[\w\-/.]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex KeyReference();
}
