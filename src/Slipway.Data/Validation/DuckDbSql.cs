namespace Slipway.Data.Validation;

/// <summary>
/// Quoting for the parts of a query that cannot be parameters. Column names come from users' suites and files, so
/// every identifier goes through here; values always travel as parameters.
/// </summary>
internal static class DuckDbSql
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string StringLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
