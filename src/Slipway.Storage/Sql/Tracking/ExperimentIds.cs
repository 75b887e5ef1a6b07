using System.Globalization;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>Experiment ids are database integers that the API spells as decimal strings.</summary>
internal static class ExperimentIds
{
    public static bool TryParse(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);
}
