using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// <c>allowed_values: {column, values}</c>: every non-missing value is one of a list, read from the data. Numeric
/// columns compare as numbers (so 2 matches 2.0); others compare as the text DuckDB prints (booleans as true and false,
/// dates as 2024-01-31).
/// </summary>
internal sealed class AllowedValuesExpectation(string column, IReadOnlyList<string> values) : ColumnExpectation(column)
{
    public const string Name = "allowed_values";

    public override string Kind => Name;

    public override string Expected => "one of " + string.Join(", ", values);

    public static AllowedValuesExpectation Parse(YamlFields fields) =>
        new(fields.RequiredText("column"), fields.RequiredTextList("values"));

    protected override async Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, ColumnProfile profile, CancellationToken cancellationToken)
    {
        var quoted = DuckDbSql.Identifier(Column);
        string value;
        IReadOnlyList<object> parameters;
        if (profile.Type is "integer" or "float")
        {
            var numbers = new List<object>(values.Count);
            foreach (var allowed in values)
            {
                if (TextValues.ParseNumber(allowed) is not { } number)
                {
                    return ExpectationOutcome.Fail(null, $"'{Column}' is {profile.Type}, but the allowed value {ReportText.Quote(allowed)} is not a number.");
                }

                numbers.Add(number);
            }

            value = $"TRY_CAST({quoted} AS DOUBLE)";
            parameters = numbers;
        }
        else
        {
            value = $"CAST({quoted} AS VARCHAR)";
            parameters = values;
        }

        var placeholders = string.Join(", ", Enumerable.Range(1, parameters.Count).Select(i => "$" + ReportText.Plain(i)));
        var outside = await context.Scanner.FindAsync(context.Table, Column, $"{value} NOT IN ({placeholders})", parameters, cancellationToken);
        var observed = ReportText.Quantity(outside.Rows, "row") + " outside the set";
        if (outside.Rows == 0)
        {
            return ExpectationOutcome.Pass(observed, $"Every value of '{Column}' is in the allowed set.");
        }

        var total = context.Table.RowCount - profile.MissingCount;
        return ExpectationOutcome.Fail(observed, $"{ReportText.Count(outside.Rows)} of {ReportText.Count(total)} values of '{Column}' are outside the allowed set{ReportText.Examples(outside.Examples)}.", outside.Examples);
    }
}
