using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary><c>column_exists: name</c>: the table has the column (names match exactly, case included); answered by the profile.</summary>
internal sealed class ColumnExistsExpectation(string column) : ColumnExpectation(column)
{
    public const string Name = "column_exists";

    public override string Kind => Name;

    public override string Expected => "present";

    public static ColumnExistsExpectation Parse(YamlFields fields) => new(fields.RequiredText("column"));

    protected override Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, ColumnProfile profile, CancellationToken cancellationToken) =>
        Task.FromResult(ExpectationOutcome.Pass("present", $"{context.Table.Path} has column '{Column}'."));
}
