namespace Slipway.Data;

/// <summary>
/// The parts of DuckDB SQL text that cannot be parameters, for the profiler, the validation runner and batch scoring
/// alike. Column names come from users' files and suites, so every identifier goes through here; values travel as
/// parameters.
/// </summary>
public static class DuckDbSql
{
    /// <summary>
    /// How every CSV file is read: RFC 4180 (comma, double quotes doubled inside quotes), strictly: a row with more or
    /// fewer fields than the header, an unclosed quote or invalid UTF-8 is an error, never skipped or padded. The
    /// profiler, the validation runner and batch scoring share it, so each sees the columns the profile names.
    /// </summary>
    public const string StrictCsv = "delim = ',', quote = '\"', escape = '\"', strict_mode = true, ignore_errors = false, null_padding = false";

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string StringLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
