using System.Globalization;

namespace Slipway.Data.Validation;

/// <summary>
/// Numbers and dates as suites and profiles write them: invariant numbers, ISO 8601 dates and timestamps (read as UTC
/// when they carry no offset).
/// </summary>
internal static class TextValues
{
    public static double? ParseNumber(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;

    public static DateTime? ParseMoment(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var moment)
            ? moment
            : null;
}
