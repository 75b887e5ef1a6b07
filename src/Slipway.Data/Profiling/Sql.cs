namespace Slipway.Data.Profiling;

/// <summary>Quoting for the few names and paths the profiler writes into DuckDB SQL text.</summary>
internal static class Sql
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
