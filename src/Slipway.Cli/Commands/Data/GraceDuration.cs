using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Cli.Commands.Data;

/// <summary>Durations as people type them: <c>90s</c>, <c>30m</c>, <c>1h</c>, <c>2d</c>, <c>1h30m</c>, or <c>01:30:00</c>.</summary>
internal static partial class GraceDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = Parts().Matches(text.Trim());
        if (parts.Count > 0 && string.Concat(parts.Select(p => p.Value)) == text.Trim())
        {
            foreach (Match part in parts)
            {
                var value = double.Parse(part.Groups["value"].Value, CultureInfo.InvariantCulture);
                duration += part.Groups["unit"].Value switch
                {
                    "s" => TimeSpan.FromSeconds(value),
                    "m" => TimeSpan.FromMinutes(value),
                    "h" => TimeSpan.FromHours(value),
                    _ => TimeSpan.FromDays(value),
                };
            }

            return true;
        }

        // Only with a colon: TimeSpan would read a bare "5" as five days.
        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration)
            && duration >= TimeSpan.Zero;
    }

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>[smhd])")]
    private static partial Regex Parts();
}
