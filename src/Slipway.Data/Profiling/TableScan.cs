using System.Globalization;
using System.Text;

namespace Slipway.Data.Profiling;

/// <summary>
/// The DuckDB table function that reads one file. CSV is read as RFC 4180 (comma, double quotes doubled inside
/// quotes) with the header and column types auto-detected, strictly: a row with more or fewer fields than the header,
/// an unclosed quote or invalid UTF-8 is an error, never skipped or padded. Types are detected from DuckDB's default
/// sample (the first 20,480 rows); <see cref="WholeFileSample"/> widens it to every row, for the retry after a value
/// past the sample does not fit the type it suggested.
/// </summary>
internal sealed record TableScan(string LocalFile, string Format, bool WholeFileSample = false)
{
    private const string StrictCsv = "delim = ',', quote = '\"', escape = '\"', strict_mode = true, ignore_errors = false, null_padding = false";

    public string Sql => Format == "parquet"
        ? $"read_parquet({Profiling.Sql.Literal(LocalFile)})"
        : $"read_csv({Profiling.Sql.Literal(LocalFile)}, {StrictCsv}{(WholeFileSample ? ", sample_size = -1" : "")})";

    /// <summary>
    /// The same CSV read with nothing detected (a header and <paramref name="fields"/> text columns), used only to find
    /// where a file the sniffer rejects goes wrong: the sniffer reports no line, a plain read does.
    /// </summary>
    public string Undetected(int fields)
    {
        var columns = string.Join(", ", Enumerable.Range(0, fields).Select(i => string.Create(CultureInfo.InvariantCulture, $"'c{i}': 'VARCHAR'")));
        return $"read_csv({Profiling.Sql.Literal(LocalFile)}, {StrictCsv}, auto_detect = false, header = true, columns = {{{columns}}})";
    }

    /// <summary>Fields in the file's first record (its header), counting commas outside double quotes.</summary>
    public int HeaderFields()
    {
        using var reader = new StreamReader(LocalFile, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        var fields = 1;
        var quoted = false;
        for (var read = 0; read < 1 << 20 && reader.Read() is var c and >= 0; read++)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == ',')
            {
                fields++;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
        }

        return fields;
    }
}
