using System.Text.RegularExpressions;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Commands.Runs;

/// <summary>
/// Chooses which metric and param columns a run table shows: keys named in the filter or order-by first, then the
/// keys most runs have, then by name; at most <see cref="MaxMetricColumns"/> metrics and <see cref="MaxParamColumns"/> params.
/// </summary>
internal sealed partial record RunColumns(IReadOnlyList<string> MetricKeys, IReadOnlyList<string> ParamKeys, int HiddenMetricKeys, int HiddenParamKeys)
{
    public const int MaxMetricColumns = 6;
    public const int MaxParamColumns = 4;

    public static RunColumns Select(IReadOnlyList<Run> runs, string? filter, IEnumerable<string>? orderBy)
    {
        var mentioned = MentionedKeys(string.Join(' ', [filter ?? string.Empty, .. orderBy ?? []]));
        var metrics = Rank(runs.SelectMany(r => r.Metrics.Select(m => m.Key)), mentioned["metrics"]);
        var parameters = Rank(runs.SelectMany(r => r.Params.Select(p => p.Key)), mentioned["params"]);
        return new RunColumns(
            metrics.Take(MaxMetricColumns).ToArray(),
            parameters.Take(MaxParamColumns).ToArray(),
            Math.Max(0, metrics.Count - MaxMetricColumns),
            Math.Max(0, parameters.Count - MaxParamColumns));
    }

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
