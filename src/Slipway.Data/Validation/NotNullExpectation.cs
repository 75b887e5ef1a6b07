using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// <c>not_null: {column, min_ratio}</c>: at least <c>min_ratio</c> (default 1, every row) of the rows hold a value;
/// answered by the profile's missing count.
/// </summary>
internal sealed class NotNullExpectation(string column, double minRatio) : ColumnExpectation(column)
{
    public const string Name = "not_null";

    public override string Kind => Name;

    public override string Expected => minRatio == 1 ? "no missing values" : $"present ratio at least {ReportText.Plain(minRatio)}";

    public static NotNullExpectation Parse(YamlFields fields)
    {
        var column = fields.RequiredText("column");
        var minRatio = fields.OptionalNumber("min_ratio") ?? 1;
        return minRatio is >= 0 and <= 1
            ? new NotNullExpectation(column, minRatio)
            : throw fields.Error("min_ratio", $"not_null min_ratio must be between 0 and 1, not {ReportText.Plain(minRatio)}");
    }

    protected override Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, ColumnProfile profile, CancellationToken cancellationToken)
    {
        var rows = context.Table.RowCount;
        // Division of whole counts rounds exactly as the ratio literal in the suite does, so 950 of 1000 meets 0.95.
        var ratio = rows == 0 ? 1 : (double)(rows - profile.MissingCount) / rows;
        var passed = ratio >= minRatio;
        var message = $"'{Column}' is missing in {ReportText.Count(profile.MissingCount)} of {ReportText.Quantity(rows, "row")} ({ReportText.Percent(ratio)} present)";
        message += passed ? "." : minRatio == 1 ? "; expected no missing values." : $"; expected at least {ReportText.Percent(minRatio)} present.";
        return Task.FromResult(new ExpectationOutcome(passed, ReportText.Plain(ratio), message));
    }
}
