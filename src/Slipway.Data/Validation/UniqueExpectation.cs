using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// <c>unique: column</c>: no non-missing value occurs twice. Read from the data, since a profile's distinct count
/// may be an estimate.
/// </summary>
internal sealed class UniqueExpectation(string column) : ColumnExpectation(column)
{
    public const string Name = "unique";

    public override string Kind => Name;

    public override string Expected => "no duplicates";

    public static UniqueExpectation Parse(YamlFields fields) => new(fields.RequiredText("column"));

    protected override async Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, ColumnProfile profile, CancellationToken cancellationToken)
    {
        var duplicates = await context.Scanner.FindDuplicatesAsync(context.Table, Column, cancellationToken);
        if (duplicates.Values == 0)
        {
            return ExpectationOutcome.Pass("no duplicates", $"Every value of '{Column}' is unique.");
        }

        var observed = $"{ReportText.Quantity(duplicates.Values, "duplicated value")} in {ReportText.Quantity(duplicates.Rows, "row")}";
        return ExpectationOutcome.Fail(observed, $"'{Column}' has duplicates: {ReportText.Quantity(duplicates.Values, "value")} in {ReportText.Quantity(duplicates.Rows, "row")}{ReportText.Examples(duplicates.Examples)}.", duplicates.Examples);
    }
}
