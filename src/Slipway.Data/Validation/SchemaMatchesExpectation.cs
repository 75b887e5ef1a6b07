using Slipway.Core.Data.Profiles;
using Slipway.Core.Errors;

namespace Slipway.Data.Validation;

/// <summary>
/// <c>schema_matches: {version, ordered}</c>: the table has the same columns with the same logical types as the
/// table at the same path in another version of the dataset (and, with <c>ordered</c>, in the same order). Answered
/// by the two profiles.
/// </summary>
internal sealed class SchemaMatchesExpectation(long version, bool ordered) : Expectation
{
    public const string Name = "schema_matches";

    private const int MaxDifferences = 20;

    public override string Kind => Name;

    public override string Expected => $"the columns and types of version {version}" + (ordered ? ", in order" : "");

    public static SchemaMatchesExpectation Parse(YamlFields fields)
    {
        var version = fields.OptionalInteger("version") ?? throw fields.Error("schema_matches needs 'version'");
        return version >= 1
            ? new SchemaMatchesExpectation(version, fields.OptionalBoolean("ordered") ?? false)
            : throw fields.Error("version", $"schema_matches version must be 1 or more, not {version}");
    }

    internal override async Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, CancellationToken cancellationToken)
    {
        DatasetProfile other;
        try
        {
            other = await context.LoadProfileAsync(version, cancellationToken);
        }
        catch (SlipwayException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            return ExpectationOutcome.Fail(null, $"Cannot compare with version {version}: {e.Message}");
        }

        var path = context.Table.Path;
        var reference = other.Tables.FirstOrDefault(t => string.Equals(t.Path, path, StringComparison.Ordinal));
        if (reference is null)
        {
            return ExpectationOutcome.Fail(null, $"Version {version} has no tabular file '{path}' to compare with.");
        }

        var differences = Differences(reference.Columns, context.Table.Columns);
        if (differences.Count == 0)
        {
            return ExpectationOutcome.Pass("same columns and types", $"{path} has {Expected}.");
        }

        var listed = string.Join("; ", differences.Take(MaxDifferences))
            + (differences.Count > MaxDifferences ? $"; and {ReportText.Count(differences.Count - MaxDifferences)} more" : "");
        return ExpectationOutcome.Fail(listed, $"{path} differs from version {version}: {listed}.");
    }

    private List<string> Differences(IReadOnlyList<ColumnProfile> was, IReadOnlyList<ColumnProfile> now)
    {
        var wasByName = ByName(was);
        var nowByName = ByName(now);
        var differences = new List<string>();
        foreach (var column in was)
        {
            if (!nowByName.TryGetValue(column.Name, out var current))
            {
                differences.Add($"missing column '{column.Name}'");
            }
            else if (!string.Equals(current.Type, column.Type, StringComparison.Ordinal))
            {
                differences.Add($"'{column.Name}' is {current.Type}, was {column.Type}");
            }
        }

        differences.AddRange(now.Where(c => !wasByName.ContainsKey(c.Name)).Select(c => $"new column '{c.Name}'"));
        if (ordered && differences.Count == 0 && !was.Select(c => c.Name).SequenceEqual(now.Select(c => c.Name), StringComparer.Ordinal))
        {
            differences.Add($"columns are in a different order: {string.Join(", ", now.Select(c => c.Name))} (was {string.Join(", ", was.Select(c => c.Name))})");
        }

        return differences;
    }

    private static Dictionary<string, ColumnProfile> ByName(IReadOnlyList<ColumnProfile> columns)
    {
        var byName = new Dictionary<string, ColumnProfile>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            byName.TryAdd(column.Name, column);
        }

        return byName;
    }
}
