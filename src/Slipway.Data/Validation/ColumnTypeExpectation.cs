using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// <c>column_type: {column, type}</c>: the column's logical type in the profile is the one named; <c>number</c>
/// accepts integer or float.
/// </summary>
internal sealed class ColumnTypeExpectation(string column, string type) : ColumnExpectation(column)
{
    public const string Name = "column_type";

    private static readonly string[] Types = ["integer", "float", "number", "boolean", "string", "date", "timestamp"];

    public override string Kind => Name;

    public override string Expected => type == "number" ? "integer or float" : type;

    public static ColumnTypeExpectation Parse(YamlFields fields)
    {
        var column = fields.RequiredText("column");
        var type = fields.RequiredText("type");
        return Types.Contains(type, StringComparer.Ordinal)
            ? new ColumnTypeExpectation(column, type)
            : throw fields.Error("type", $"column_type type must be one of {string.Join(", ", Types)}, not '{type}'");
    }

    protected override Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, ColumnProfile profile, CancellationToken cancellationToken)
    {
        var passed = type == "number" ? profile.Type is "integer" or "float" : profile.Type == type;
        var message = $"'{Column}' is {profile.Type} ({profile.SourceType})" + (passed ? "." : $"; expected {Expected}.");
        return Task.FromResult(new ExpectationOutcome(passed, profile.Type, message));
    }
}
