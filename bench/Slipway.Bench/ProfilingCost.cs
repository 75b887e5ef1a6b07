using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Slipway.Data.Profiling;

namespace Slipway.Bench;

/// <summary>
/// The cost of profiling a tabular file (the data issue's targets: 1,000,000 rows x 50 columns of CSV in at most
/// 5 s, of Parquet in at most 2 s). Writes one seeded table once, as CSV (floats in shortest round-trip form, as
/// pandas writes them) and as Parquet (DuckDB's writer), then profiles each several times and prints the median.
/// </summary>
public static class ProfilingCost
{
    public static void Run(int rows, int runs)
    {
        var directory = Directory.CreateTempSubdirectory("slipway-bench-profile");
        try
        {
            var csv = Path.Combine(directory.FullName, "table.csv");
            var parquet = Path.Combine(directory.FullName, "table.parquet");
            var written = Stopwatch.StartNew();
            WriteCsv(csv, rows);
            using (var connection = new DuckDBConnection("DataSource=:memory:"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)";
                command.ExecuteNonQuery();
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{rows:N0} rows x 50 columns written in {written.Elapsed.TotalSeconds:F1} s: CSV {new FileInfo(csv).Length / 1e6:F0} MB, Parquet {new FileInfo(parquet).Length / 1e6:F0} MB; {Environment.ProcessorCount} cores"));
            Console.WriteLine("| format | runs (wall s) | median wall s | median CPU s | load average before each run |");
            Console.WriteLine("|---|---|---:|---:|---|");
            foreach (var (format, file) in new[] { ("csv", csv), ("parquet", parquet) })
            {
                Measure(format, file, runs);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void Measure(string format, string file, int runs)
    {
        var profiler = new TabularProfiler();
        var walls = new List<double>();
        var cpus = new List<double>();
        var loads = new List<string>();
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            loads.Add(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var profile = profiler.Profile(file, "table." + format, format);
            walls.Add(wall.Elapsed.TotalSeconds);
            cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            if (profile.Columns.Count != 50)
            {
                throw new InvalidOperationException($"Expected 50 columns, profiled {profile.Columns.Count}.");
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {format} | {string.Join(" / ", walls.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))} | {Median(walls):F2} | {Median(cpus):F2} | {string.Join(" / ", loads)} |"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// 30 float columns (normal, uniform, log-normal; every fifth 2 % missing), 10 integer columns (every fourth 2 %
    /// missing), 8 categorical string columns of 3 to 52 values (every third 2 % missing) and 2 date columns (the
    /// second 5 % missing).
    /// </summary>
    private static void WriteCsv(string path, int rows)
    {
        var random = new Random(42);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var header = Enumerable.Range(0, 30).Select(i => $"f{i:00}")
            .Concat(Enumerable.Range(0, 10).Select(i => $"i{i:00}"))
            .Concat(Enumerable.Range(0, 8).Select(i => $"s{i:00}"))
            .Concat(["d00", "d01"]);
        writer.Write(string.Join(',', header));
        writer.Write('\n');
        var categories = Enumerable.Range(0, 8).Select(k => Enumerable.Range(0, 3 + (k * 7)).Select(j => $"c{k}_{j}").ToArray()).ToArray();
        var epoch = new DateOnly(2015, 1, 1);
        for (var row = 0; row < rows; row++)
        {
            for (var i = 0; i < 30; i++)
            {
                if (i % 5 == 0 && random.NextDouble() < 0.02)
                {
                    writer.Write(',');
                    continue;
                }

                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var value = (i % 3) switch
                {
                    0 => (normal * (i + 1)) + i,
                    1 => random.NextDouble() * 100,
                    _ => Math.Exp(normal),
                };
                writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
                writer.Write(',');
            }

            for (var i = 0; i < 10; i++)
            {
                if (i % 4 != 0 || random.NextDouble() >= 0.02)
                {
                    writer.Write(random.Next(-1000 * (i + 1), 1000 * (i + 1)).ToString(CultureInfo.InvariantCulture));
                }

                writer.Write(',');
            }

            for (var i = 0; i < 8; i++)
            {
                if (i % 3 != 0 || random.NextDouble() >= 0.02)
                {
                    writer.Write(categories[i][random.Next(categories[i].Length)]);
                }

                writer.Write(',');
            }

            writer.Write(epoch.AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            if (random.NextDouble() >= 0.05)
            {
                writer.Write(epoch.AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            writer.Write('\n');
        }
    }
}
