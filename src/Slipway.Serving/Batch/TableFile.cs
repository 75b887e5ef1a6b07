using Slipway.Core.Errors;
using Slipway.Data;

namespace Slipway.Serving.Batch;

/// <summary>
/// A table file to score, CSV or Parquet by its extension, and the DuckDB table function that reads it. CSV is read
/// with the strict RFC 4180 options the profiler and validation use, so a file they accept scores with the same
/// columns and types.
/// </summary>
internal sealed record TableFile(string Path, bool IsCsv)
{
    /// <exception cref="SlipwayException">When the extension is neither <c>.csv</c> nor <c>.parquet</c>, or the file does not exist.</exception>
    public static TableFile Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".parquet"))
        {
            throw SlipwayException.Invalid($"Batch scoring reads .csv and .parquet files; '{System.IO.Path.GetFileName(path)}' is neither.");
        }

        if (!File.Exists(path))
        {
            throw SlipwayException.NotFound($"There is no file to score at '{path}'.");
        }

        return new TableFile(System.IO.Path.GetFullPath(path), extension == ".csv");
    }

    public string Scan => IsCsv
        ? $"read_csv({DuckDbSql.StringLiteral(Path)}, {DuckDbSql.StrictCsv})"
        : $"read_parquet({DuckDbSql.StringLiteral(Path)})";

    public string Name => System.IO.Path.GetFileName(Path);
}
