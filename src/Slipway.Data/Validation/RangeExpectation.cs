using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// <c>range: {column, min, max}</c>: every value of a numeric, date or timestamp column lies within inclusive
/// bounds. The profile's minimum and maximum decide; on a failure the data is read for how many values are out and
/// which.
/// </summary>
internal sealed class RangeExpectation(string column, RangeBound? min, RangeBound? max) : ColumnExpectation(column)
{
    public const string Name = "range";

    public override string Kind => Name;

    public override string Expected => ReportText.Bounds(min?.Text, max?.Text);

    public static RangeExpectation Parse(YamlFields fields)
    {
        var column = fields.RequiredText("column");
        var min = Bound(fields, "min");
        var max = Bound(fields, "max");
        if (min is null && max is null)
        {
            throw fields.Error("range needs min or max");
        }

        if (min is not null && max is not null)
        {
            if (min.IsNumber != max.IsNumber)
            {
                throw fields.Error("max", "range min and max must both be numbers or both be dates");
            }

            if (min.Value.CompareTo(max.Value) > 0)
            {
                throw fields.Error("max", $"range max ({max.Text}) is below min ({min.Text})");
            }
        }

        return new RangeExpectation(column, min, max);
    }

    protected override async Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, ColumnProfile profile, CancellationToken cancellationToken)
    {
        var numeric = profile.Type is "integer" or "float";
        if (!numeric && profile.Type is not ("date" or "timestamp"))
        {
            return ExpectationOutcome.Fail(null, $"range applies to numeric, date and timestamp columns; '{Column}' is {profile.Type}.");
        }

        if (new[] { min, max }.FirstOrDefault(b => b is not null && b.IsNumber != numeric) is { } mismatched)
        {
            var wanted = numeric ? "numbers" : "dates or timestamps";
            return ExpectationOutcome.Fail(null, $"'{Column}' is {profile.Type}, so range bounds must be {wanted}, not '{mismatched.Text}'.");
        }

        IComparable? lowest = numeric ? profile.Numeric?.Min ?? TextValues.ParseNumber(profile.Min) : TextValues.ParseMoment(profile.Min);
        IComparable? highest = numeric ? profile.Numeric?.Max ?? TextValues.ParseNumber(profile.Max) : TextValues.ParseMoment(profile.Max);
        if (lowest is null || highest is null)
        {
            return ExpectationOutcome.Pass("no values", $"'{Column}' has no values to check.");
        }

        var observed = $"{profile.Min ?? lowest} to {profile.Max ?? highest}";
        var message = $"'{Column}' ranges from {observed}";
        if ((min is null || lowest.CompareTo(min.Value) >= 0) && (max is null || highest.CompareTo(max.Value) <= 0))
        {
            return ExpectationOutcome.Pass(observed, message + ".");
        }

        var outside = await FindOutsideAsync(context, numeric, cancellationToken);
        var values = context.Table.RowCount - profile.MissingCount;
        return ExpectationOutcome.Fail(observed, $"{message}; {ReportText.Count(outside.Rows)} of {ReportText.Count(values)} values are out of range ({Expected}){ReportText.Examples(outside.Examples)}.", outside.Examples);
    }

    private static RangeBound? Bound(YamlFields fields, string key)
    {
        var text = fields.OptionalText(key);
        return text is null
            ? null
            : RangeBound.TryParse(text) ?? throw fields.Error(key, $"range {key} must be a number or an ISO 8601 date or timestamp, not '{text}'");
    }

    private Task<Violations> FindOutsideAsync(ExpectationContext context, bool numeric, CancellationToken cancellationToken)
    {
        var value = $"TRY_CAST({DuckDbSql.Identifier(Column)} AS {(numeric ? "DOUBLE" : "TIMESTAMP")})";
        var conditions = new List<string>();
        var parameters = new List<object>();
        foreach (var (bound, comparison) in new[] { (min, "<"), (max, ">") })
        {
            if (bound is not null)
            {
                parameters.Add(bound.Value);
                conditions.Add($"{value} {comparison} ${parameters.Count}");
            }
        }

        return context.Scanner.FindAsync(context.Table, Column, string.Join(" OR ", conditions), parameters, cancellationToken);
    }
}
