using System.Globalization;

namespace Slipway.Pipelines.Orchestration;

/// <summary>Durations the way the spec writes them: <c>500ms</c>, <c>5s</c>, <c>2m30s</c>, <c>1h</c>.</summary>
public static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var parts = new List<string>(3);
        var total = (long)Math.Round(duration.TotalSeconds);
        var (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
        if (hours > 0)
        {
            parts.Add(hours.ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (minutes > 0)
        {
            parts.Add(minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        if (seconds > 0 || parts.Count == 0)
        {
            parts.Add(seconds.ToString(CultureInfo.InvariantCulture) + "s");
        }

        return string.Concat(parts);
    }
}
