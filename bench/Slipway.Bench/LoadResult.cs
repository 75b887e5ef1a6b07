namespace Slipway.Bench;

/// <summary>What one scenario measured: request count, wall time and latency percentiles.</summary>
public sealed record LoadResult(string Scenario, int Connections, long Requests, long Errors, TimeSpan Elapsed, double[] LatenciesMs, long ValuesPerRequest)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double ValuesPerSecond => RequestsPerSecond * ValuesPerRequest;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }

    public string ToMarkdownRow() =>
        FormattableString.Invariant(
            $"| {Scenario} | {Connections} | {Requests} | {Errors} | {RequestsPerSecond:N0} | {(ValuesPerRequest > 1 ? ValuesPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-")} | {Percentile(50):F2} | {Percentile(99):F2} |");
}
