namespace Slipway.Data.Validation;

/// <summary><c>row_count: {min, max}</c>: the table's row count lies within inclusive bounds; answered by the profile.</summary>
internal sealed class RowCountExpectation(long? min, long? max) : Expectation
{
    public const string Name = "row_count";

    public override string Kind => Name;

    public override string Expected => ReportText.Bounds(ReportText.Plain(min), ReportText.Plain(max));

    public static RowCountExpectation Parse(YamlFields fields)
    {
        var min = fields.OptionalInteger("min");
        var max = fields.OptionalInteger("max");
        if (min is null && max is null)
        {
            throw fields.Error("row_count needs min or max");
        }

        if (min < 0 || max < 0)
        {
            throw fields.Error(min < 0 ? "min" : "max", "row_count bounds cannot be negative");
        }

        if (min > max)
        {
            throw fields.Error("max", $"row_count max ({max}) is below min ({min})");
        }

        return new RowCountExpectation(min, max);
    }

    internal override Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, CancellationToken cancellationToken)
    {
        var rows = context.Table.RowCount;
        var passed = (min is null || rows >= min) && (max is null || rows <= max);
        var message = $"{context.Table.Path} has {ReportText.Quantity(rows, "row")}";
        message += passed ? "." : $"; expected {ReportText.Bounds(Counted(min), Counted(max))}.";
        return Task.FromResult(new ExpectationOutcome(passed, ReportText.Plain(rows), message));
    }

    private static string? Counted(long? bound) => bound is { } value ? ReportText.Count(value) : null;
}
