using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>An expectation about one column: a column the table lacks fails it with the same message for every kind.</summary>
internal abstract class ColumnExpectation(string column) : Expectation
{
    public override string Column => column;

    internal sealed override Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, CancellationToken cancellationToken)
    {
        var profile = context.Table.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.Ordinal));
        return profile is null
            ? Task.FromResult(ExpectationOutcome.Fail("missing", ReportText.MissingColumn(context.Table, column)))
            : EvaluateAsync(context, profile, cancellationToken);
    }

    protected abstract Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, ColumnProfile profile, CancellationToken cancellationToken);
}
