using System.Globalization;
using Slipway.Core.Registry;

namespace Slipway.Cli.Output;

/// <summary>How values look in tables: local times, compact numbers, short durations.</summary>
public static class DisplayFormat
{
    /// <summary>Unix milliseconds as local <c>yyyy-MM-dd HH:mm:ss</c>; <c>-</c> for 0 or null.</summary>
    public static string Timestamp(long? unixMilliseconds) =>
        unixMilliseconds is null or <= 0
            ? "-"
            : DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds.Value).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Up to 6 significant digits, invariant culture; NaN and infinities spelled out.</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };

    public static string Duration(long startMilliseconds, long? endMilliseconds)
    {
        if (startMilliseconds <= 0 || endMilliseconds is null || endMilliseconds < startMilliseconds)
        {
            return "-";
        }

        var span = TimeSpan.FromMilliseconds(endMilliseconds.Value - startMilliseconds);
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s"
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s");
    }

    /// <summary>MLflow's spelling: READY, PENDING_REGISTRATION, FAILED_REGISTRATION.</summary>
    public static string Status(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };

    public static string OrDash(string? text) => string.IsNullOrEmpty(text) ? "-" : text;

    public static string YesNo(bool value) => value ? "yes" : "no";
}
