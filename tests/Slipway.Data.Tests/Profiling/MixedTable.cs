using System.Globalization;
using System.Text;

namespace Slipway.Data.Tests.Profiling;

/// <summary>Seeded data of every logical type, with missing values in all but the id.</summary>
internal sealed class MixedTable
{
    private static readonly string[] CityNames = ["Oslo", "Lima", "Pune", "Kyiv", "Rome, \"Old\"", "Baku", "Doha"];

    public MixedTable(int seed, int rows)
    {
        var random = new Random(seed);
        for (var i = 0; i < rows; i++)
        {
            Ids.Add(i + 1);
            Counts.Add(random.NextDouble() < 0.1 ? null : random.Next(0, 50));
            Prices.Add(random.NextDouble() < 0.05 ? null : Math.Round(random.NextDouble() * 1000, 2));
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            Scores.Add(random.NextDouble() < 0.02 ? null : (normal * 15) + 60);
            Cities.Add(random.NextDouble() < 0.03 ? null : CityNames[(int)Math.Floor(Math.Pow(random.NextDouble(), 2) * CityNames.Length)]);
            Flags.Add(random.NextDouble() < 0.04 ? null : random.NextDouble() < 0.3);
            Days.Add(random.NextDouble() < 0.06 ? null : new DateOnly(2020, 1, 1).AddDays(random.Next(0, 1500)));
        }
    }

    public List<long> Ids { get; } = [];

    public List<long?> Counts { get; } = [];

    public List<double?> Prices { get; } = [];

    public List<double?> Scores { get; } = [];

    public List<string?> Cities { get; } = [];

    public List<bool?> Flags { get; } = [];

    public List<DateOnly?> Days { get; } = [];

    public string ToCsv()
    {
        var text = new StringBuilder("id,count,price,score,city,flag,day\n");
        for (var i = 0; i < Ids.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Ids[i]},{Counts[i]},{Number(Prices[i])},{Number(Scores[i])},{Quoted(Cities[i])},{Flags[i]?.ToString().ToLowerInvariant()},{Days[i]?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n");
        }

        return text.ToString();
    }

    private static string Number(double? value) => value is { } v ? ExpectedColumn.Text(v) : "";

    private static string Quoted(string? value) =>
        value is null ? "" : value.Contains(',', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
