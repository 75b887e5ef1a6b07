using DuckDB.NET.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// <c>regex: {column, pattern}</c>: every non-missing value, as text, matches the pattern in full (DuckDB's
/// <c>regexp_full_match</c>, RE2 syntax: no look-around or back-references). Read from the data.
/// </summary>
internal sealed class RegexExpectation(string column, string pattern) : ColumnExpectation(column)
{
    public const string Name = "regex";

    public override string Kind => Name;

    public override string Expected => "matches " + pattern;

    public static RegexExpectation Parse(YamlFields fields)
    {
        var column = fields.RequiredText("column");
        var pattern = fields.RequiredText("pattern");
        return CompileError(pattern) is { } error
            ? throw fields.Error("pattern", $"regex pattern '{pattern}' does not compile: {error}")
            : new RegexExpectation(column, pattern);
    }

    protected override async Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, ColumnProfile profile, CancellationToken cancellationToken)
    {
        var condition = $"NOT regexp_full_match(CAST({DuckDbSql.Identifier(Column)} AS VARCHAR), $1)";
        var mismatches = await context.Scanner.FindAsync(context.Table, Column, condition, [pattern], cancellationToken);
        var observed = ReportText.Quantity(mismatches.Rows, "row") + " not matching";
        if (mismatches.Rows == 0)
        {
            return ExpectationOutcome.Pass(observed, $"Every value of '{Column}' matches {pattern}.");
        }

        var total = context.Table.RowCount - profile.MissingCount;
        return ExpectationOutcome.Fail(observed, $"{ReportText.Count(mismatches.Rows)} of {ReportText.Count(total)} values of '{Column}' do not match {pattern}{ReportText.Examples(mismatches.Examples)}.", mismatches.Examples);
    }

    /// <summary>
    /// Why DuckDB's regular expression engine (RE2) refuses the pattern, or null. Asking the engine that will run it,
    /// rather than .NET's, catches what only RE2 refuses (look-around, back-references) when the suite is read.
    /// </summary>
    private static string? CompileError(string pattern)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT regexp_full_match('', $1)";
        command.Parameters.Add(new DuckDBParameter(pattern));
        try
        {
            command.ExecuteScalar();
            return null;
        }
        catch (DuckDBException e)
        {
            const string prefix = "Invalid Input Error: ";
            return e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
        }
    }
}
