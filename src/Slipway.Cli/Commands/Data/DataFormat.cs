using System.Globalization;

namespace Slipway.Cli.Commands.Data;

/// <summary>How dataset sizes, counts and durations read in tables and summaries.</summary>
internal static class DataFormat
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB"];

    /// <summary>Decimal units, as disks and network speeds are quoted: <c>512 B</c>, <c>5.2 MB</c>, <c>1.3 GB</c>.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }

        double value = bytes;
        var unit = 0;
        while (value >= 999.95 && unit < Units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }

    /// <summary>Thousands separated: <c>100,000</c>.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s");

    /// <summary>A ratio as a percentage with at most one decimal: <c>0%</c>, <c>12.5%</c>, <c>&lt;0.1%</c>.</summary>
    public static string Percent(double ratio) => ratio switch
    {
        <= 0 or double.NaN => "0%",
        < 0.001 => "<0.1%",
        _ => string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0.#}%"),
    };

    /// <summary>How many of what, with the noun in the plural unless there is one: <c>1 file</c>, <c>3 files</c>.</summary>
    public static string Plural(long count, string noun) => $"{Count(count)} {noun}{(count == 1 ? string.Empty : "s")}";
}
