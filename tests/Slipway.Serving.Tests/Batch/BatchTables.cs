using System.Globalization;
using DuckDB.NET.Data;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Packaging;

namespace Slipway.Serving.Tests.Batch;

/// <summary>Writes input tables with DuckDB, reads scored Parquet files back, and predicts rows online for comparison.</summary>
internal static class BatchTables
{
    /// <summary>Writes the rows of <paramref name="select"/> to a Parquet file.</summary>
    public static string Parquet(string path, string select)
    {
        Execute($"COPY ({select}) TO '{path}' (FORMAT parquet)");
        return path;
    }

    /// <summary>Writes the rows of <paramref name="select"/> to a CSV file with a header.</summary>
    public static string Csv(string path, string select)
    {
        Execute($"COPY ({select}) TO '{path}' (FORMAT csv, HEADER true)");
        return path;
    }

    /// <summary>The columns and rows of a file, in file order.</summary>
    public static (string[] Columns, List<object?[]> Rows) Read(string path, string projection = "*")
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = path.EndsWith(".csv", StringComparison.Ordinal)
            ? $"SELECT {projection} FROM read_csv('{path}')"
            : $"SELECT {projection} FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return (columns, rows);
    }

    /// <summary>Each row predicted on its own, as an online request of one row: the first output's values.</summary>
    public static List<float[]> Online(ModelPackage package, string path, IReadOnlyList<string> features)
    {
        var input = package.Signature.Inputs.Single();
        var (_, rows) = Read(path, string.Join(", ", features.Select(f => $"CAST(\"{f}\" AS FLOAT)")));
        return
        [
            .. rows.Select(row =>
            {
                var x = row.Select(v => Convert.ToSingle(v, CultureInfo.InvariantCulture)).ToArray();
                var output = package.Runtime.Predict([new InferenceTensor(input.Name, OipDatatypes.Fp32, [1, x.Length], x)], []);
                return (float[])output[0].Data;
            }),
        ];
    }

    public static void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
    }
}
