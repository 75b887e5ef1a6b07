using System.Globalization;
using System.Text;

namespace Slipway.Data.Profiling;

/// <summary>
/// The DuckDB table functions that read one file. CSV is read as RFC 4180 (comma, double quotes doubled inside
/// quotes) with the header and column types detected by DuckDB's sniffer, strictly: a row with more or fewer fields
/// than the header, an unclosed quote or invalid UTF-8 is an error, never skipped or padded. Types are detected from
/// DuckDB's default sample (20,480 rows); <see cref="WholeFileSample"/> widens it to every row, for the retry after a
/// value past the sample does not fit the type it suggested.
/// </summary>
internal sealed record TableScan(string LocalFile, string Format, bool WholeFileSample = false)
{

    /// <summary>The sniffer's findings for a CSV file, one row per column (<see cref="CsvLayout"/>).</summary>
    public string Sniff =>
        $"SELECT HasHeader, SkipRows, Comment, DateFormat, TimestampFormat, unnest(Columns, recursive := true) "
        + $"FROM sniff_csv({DuckDbSql.StringLiteral(LocalFile)}, {DuckDbSql.StrictCsv}{(WholeFileSample ? ", sample_size = -1" : "")})";

    public string Parquet => $"read_parquet({DuckDbSql.StringLiteral(LocalFile)})";

    /// <summary>The CSV read with the sniffer's layout given, so nothing is detected again.</summary>
    public string Csv(CsvLayout layout)
    {
        var columns = string.Join(", ", layout.Columns.Select(c => $"{DuckDbSql.StringLiteral(c.Name)}: {DuckDbSql.StringLiteral(c.SourceType)}"));
        var text = new StringBuilder($"read_csv({DuckDbSql.StringLiteral(LocalFile)}, {DuckDbSql.StrictCsv}, auto_detect = false");
        text.Append(CultureInfo.InvariantCulture, $", header = {(layout.Header ? "true" : "false")}, skip = {layout.Skip}, comment = {DuckDbSql.StringLiteral(layout.Comment)}");
        if (layout.DateFormat is { } dateFormat)
        {
            text.Append(", dateformat = ").Append(DuckDbSql.StringLiteral(dateFormat));
        }

        if (layout.TimestampFormat is { } timestampFormat)
        {
            text.Append(", timestampformat = ").Append(DuckDbSql.StringLiteral(timestampFormat));
        }

        return text.Append(", columns = {").Append(columns).Append("})").ToString();
    }

    /// <summary>
    /// The same CSV read with nothing detected (a header and <paramref name="fields"/> text columns), used only to find
    /// where a file the sniffer rejects goes wrong: the sniffer reports no line, a plain read does.
    /// </summary>
    public string Undetected(int fields)
    {
        var columns = string.Join(", ", Enumerable.Range(0, fields).Select(i => string.Create(CultureInfo.InvariantCulture, $"'c{i}': 'VARCHAR'")));
        return $"read_csv({DuckDbSql.StringLiteral(LocalFile)}, {DuckDbSql.StrictCsv}, auto_detect = false, header = true, columns = {{{columns}}})";
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
