using System.Text;
using DuckDB.NET.Data;

namespace Slipway.Data.Tests.Profiling;

/// <summary>A temporary folder of real files for one test, removed when the test ends.</summary>
public sealed class ProfilingDirectory : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("slipway-profiling-").FullName;

    public string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes the rows DuckDB reads from <paramref name="csvFile"/> as Parquet (DuckDB's own writer).</summary>
    public string ParquetFrom(string csvFile, string name, string where = "true") =>
        ParquetOf($"SELECT * FROM read_csv('{csvFile}') WHERE {where}", name);

    /// <summary>Writes the rows of a DuckDB query as Parquet, for column types CSV cannot carry.</summary>
    public string ParquetOf(string query, string name)
    {
        var path = Path.Combine(Root, name);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY ({query}) TO '{path}' (FORMAT parquet)";
        command.ExecuteNonQuery();
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
