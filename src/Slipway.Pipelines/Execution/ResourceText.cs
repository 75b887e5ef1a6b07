using System.Globalization;

namespace Slipway.Pipelines.Execution;

/// <summary>Sizes, CPU counts and durations as messages show them: <c>512 MiB</c>, <c>1.5 GiB</c>, <c>2 CPUs</c>, <c>1m30s</c>.</summary>
internal static class ResourceText
{
    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>Binary units; one decimal below 10 of a unit (<c>1.5 GiB</c>), whole numbers above (<c>301 MiB</c>).</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var number = unit == 0 || Math.Abs(value) >= 10
            ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.#", CultureInfo.InvariantCulture);
        return $"{number} {ByteUnits[unit]}";
    }

    /// <summary><c>1 CPU</c>, <c>0.5 CPUs</c>, <c>16 CPUs</c>.</summary>
    public static string Cpus(double cpu) => cpu == 1 ? "1 CPU" : $"{Number(cpu)} CPUs";

    /// <summary>A CPU count without the unit: <c>16</c>, <c>0.5</c>.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary><c>500ms</c>, <c>30s</c>, <c>1.5s</c>, <c>1m30s</c>, <c>2h</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return $"{Math.Round(duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms";
        }

        var text = "";
        if (duration.Days > 0 || duration.Hours > 0)
        {
            text += $"{((int)duration.TotalHours).ToString(CultureInfo.InvariantCulture)}h";
        }

        if (duration.Minutes > 0)
        {
            text += $"{duration.Minutes.ToString(CultureInfo.InvariantCulture)}m";
        }

        var seconds = duration.Seconds + (duration.Milliseconds / 1000.0);
        if (seconds > 0 || text.Length == 0)
        {
            text += $"{seconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
        }

        return text;
    }
}
