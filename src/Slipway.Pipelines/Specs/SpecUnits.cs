using System.Globalization;
using Slipway.Core.Errors;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// The quantities a pipeline file writes as text: durations (<c>30s</c>, <c>10m</c>, <c>1h30m</c>, <c>2d</c>,
/// <c>500ms</c>; a plain number is seconds), memory sizes (<c>512Mi</c>, <c>4Gi</c>, <c>1G</c>, <c>500M</c>, <c>2Ti</c>;
/// a plain number is bytes) and CPU counts (<c>2</c>, <c>0.5</c>, <c>500m</c> = half a core).
/// </summary>
public static class SpecUnits
{
    public const string DurationExamples = "30s, 10m, 1h30m, 2d, 500ms or a number of seconds";
    public const string MemoryExamples = "512Mi, 4Gi, 1G, 500M or a number of bytes";
    public const string CpuExamples = "2, 0.5 or 500m";

    private static readonly (string Unit, double Milliseconds)[] DurationUnits =
    [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ];

    private static readonly Dictionary<string, double> MemoryUnits = new(StringComparer.Ordinal)
    {
        [""] = 1,
        ["k"] = 1e3,
        ["K"] = 1e3,
        ["M"] = 1e6,
        ["G"] = 1e9,
        ["T"] = 1e12,
        ["P"] = 1e15,
        ["E"] = 1e18,
        ["Ki"] = 1024d,
        ["Mi"] = 1024d * 1024,
        ["Gi"] = 1024d * 1024 * 1024,
        ["Ti"] = 1024d * 1024 * 1024 * 1024,
        ["Pi"] = 1024d * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024d * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    /// <summary>Parses a duration; throws an INVALID_PARAMETER_VALUE error naming the text otherwise.</summary>
    public static TimeSpan ParseDuration(string text) =>
        TryParseDuration(text, out var value) ? value : throw SlipwayException.Invalid($"expected a duration such as {DurationExamples}, got '{text}'");

    /// <summary>
    /// Units run largest first, each at most once (<c>1h30m</c>, not <c>30m1h</c>); each count may have decimals
    /// (<c>1.5h</c>). Negative durations do not parse.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (TryParseCount(text, out var seconds))
        {
            return ToTimeSpan(seconds * 1000, out value);
        }

        var total = 0d;
        var lastUnit = -1;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (!TryParseCount(text[start..i], out var count))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var unit = Array.FindIndex(DurationUnits, u => string.Equals(u.Unit, text[unitStart..i], StringComparison.Ordinal));
            if (unit <= lastUnit)
            {
                return false;
            }

            lastUnit = unit;
            total += count * DurationUnits[unit].Milliseconds;
        }

        return ToTimeSpan(total, out value);
    }

    /// <summary>Parses a memory size in bytes; throws an INVALID_PARAMETER_VALUE error naming the text otherwise.</summary>
    public static long ParseMemory(string text) =>
        TryParseMemory(text, out var value) ? value : throw SlipwayException.Invalid($"expected a memory size such as {MemoryExamples}, got '{text}'");

    /// <summary>
    /// A count with an optional unit: binary <c>Ki Mi Gi Ti Pi Ei</c> (powers of 1024) or decimal <c>k K M G T P E</c>
    /// (powers of 1000), optionally followed by <c>B</c> (<c>4GiB</c>). Fractions round to the nearest byte.
    /// </summary>
    public static bool TryParseMemory(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        var unit = text[end..];
        if (unit.EndsWith('B'))
        {
            unit = unit[..^1];
        }

        if (!TryParseCount(text[..end], out var count) || !MemoryUnits.TryGetValue(unit, out var factor))
        {
            return false;
        }

        var value = Math.Round(count * factor);
        if (value >= long.MaxValue)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    /// <summary>Parses a CPU count; throws an INVALID_PARAMETER_VALUE error naming the text otherwise.</summary>
    public static double ParseCpu(string text) =>
        TryParseCpu(text, out var value) ? value : throw SlipwayException.Invalid($"expected a CPU count such as {CpuExamples}, got '{text}'");

    /// <summary>Cores, fractions allowed (<c>0.5</c>), or millicores with <c>m</c> (<c>500m</c> = 0.5).</summary>
    public static bool TryParseCpu(string? text, out double cores)
    {
        cores = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.EndsWith('m'))
        {
            if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var millicores))
            {
                return false;
            }

            cores = millicores / 1000d;
            return true;
        }

        return TryParseCount(text, out cores);
    }

    /// <summary>A duration in the shortest form that reads back the same (<c>1h30m</c>, <c>500ms</c>, <c>0s</c>).</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        var remaining = (long)Math.Round(value.TotalMilliseconds);
        foreach (var (unit, ms) in DurationUnits)
        {
            var count = remaining / (long)ms;
            if (count > 0)
            {
                parts.Add(count.ToString(CultureInfo.InvariantCulture) + unit);
                remaining -= count * (long)ms;
            }
        }

        return string.Concat(parts);
    }

    private static bool TryParseCount(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value)
        && text.Length > 0 && text[0] != '.' && text[^1] != '.';

    private static bool ToTimeSpan(double milliseconds, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!double.IsFinite(milliseconds) || milliseconds >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(Math.Round(milliseconds));
        return true;
    }
}
