using System.Globalization;

namespace Slipway.Data.Profiling;

/// <summary>
/// ISO 8601 text for DuckDB dates (days since 1970-01-01) and timestamps (microseconds since 1970-01-01 00:00). DuckDB's
/// range is far wider than <see cref="DateTime"/>'s, so the civil date is computed directly (H. Hinnant's
/// days-to-civil), years outside 0000-9999 in the expanded form (<c>+12345-01-01</c>), DuckDB's infinities as words.
/// </summary>
internal static class IsoText
{
    private const long MicrosPerDay = 86_400_000_000;

    public static string Date(long days) => days switch
    {
        int.MaxValue => "infinity",
        -int.MaxValue => "-infinity",
        _ => CivilDate(days),
    };

    public static string Timestamp(long micros, bool utc)
    {
        if (micros is long.MaxValue or -long.MaxValue)
        {
            return micros > 0 ? "infinity" : "-infinity";
        }

        var days = Math.DivRem(micros, MicrosPerDay, out var time);
        if (time < 0)
        {
            days--;
            time += MicrosPerDay;
        }

        var seconds = Math.DivRem(time, 1_000_000, out var fraction);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{CivilDate(days)}T{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        if (fraction != 0)
        {
            text += "." + fraction.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return utc ? text + "Z" : text;
    }

    private static string CivilDate(long days)
    {
        var z = days + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var dayOfEra = z - (era * 146_097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var shiftedMonth = ((5 * dayOfYear) + 2) / 153;
        var day = dayOfYear - (((153 * shiftedMonth) + 2) / 5) + 1;
        var month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        var year = yearOfEra + (era * 400) + (month <= 2 ? 1 : 0);
        var yearText = year is >= 0 and <= 9999
            ? year.ToString("0000", CultureInfo.InvariantCulture)
            : year.ToString("+0000;-0000", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{yearText}-{month:00}-{day:00}");
    }
}
