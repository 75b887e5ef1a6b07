using System.Globalization;

namespace Slipway.Bench;

/// <summary>
/// What the constant-rate generator measured: latencies from each request's scheduled send time to its whole response
/// (so time a request waited behind a slow one counts), and how late the generator itself woke to send when its
/// connection was free: that lag is in the latencies too, and on a machine shared with the server it can be most of them.
/// </summary>
public sealed record OpenLoopResult(double TargetRate, int Connections, TimeSpan Elapsed, long Requests, long Errors, double[] LatenciesMs, double[] GeneratorLagMs)
{
    public double AchievedRate => Requests / Elapsed.TotalSeconds;

    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public static string MarkdownHeader =>
        "| target req/s | connections | requests | errors | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | generator lag p99 ms |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {TargetRate:N0} | {Connections} | {Requests} | {Errors} | {AchievedRate:N0} | {Percentile(LatenciesMs, 50):F3} | {Percentile(LatenciesMs, 90):F3} | {Percentile(LatenciesMs, 99):F3} | {Percentile(LatenciesMs, 99.9):F3} | {(LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[^1]):F3} | {Percentile(GeneratorLagMs, 99):F3} |");
}
