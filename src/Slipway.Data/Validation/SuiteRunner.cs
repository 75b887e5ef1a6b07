using DuckDB.NET.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// Runs a suite against a dataset version. Every expectation yields a result, even one whose table or column is
/// missing or whose file DuckDB cannot read: those fail with a message, so one bad check never hides the others.
/// </summary>
public static class SuiteRunner
{
    public static async Task<ValidationReport> RunAsync(ValidationSuite suite, ValidationTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(target);
        await using var scanner = new TableScanner(target.LocalFiles);
        var results = new List<ExpectationResult>(suite.Expectations.Count);
        for (var index = 0; index < suite.Expectations.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expectation = suite.Expectations[index];
            var tablePath = expectation.Table ?? suite.Table;
            var table = FindTable(target.Profile, tablePath, out var problem);
            var outcome = table is null
                ? ExpectationOutcome.Fail(null, problem)
                : await EvaluateAsync(expectation, new ExpectationContext(table, scanner, target.LoadProfileAsync), cancellationToken);
            results.Add(new ExpectationResult
            {
                Index = index,
                Line = expectation.Line,
                Kind = expectation.Kind,
                Table = table?.Path ?? tablePath,
                Column = expectation.Column,
                Severity = expectation.Severity,
                Passed = outcome.Passed,
                Observed = outcome.Observed,
                Expected = expectation.Expected,
                Message = outcome.Message,
                Examples = outcome.Examples,
            });
        }

        return new ValidationReport { Suite = suite.Name ?? suite.SourceName, Results = results };
    }

    private static async Task<ExpectationOutcome> EvaluateAsync(Expectation expectation, ExpectationContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await expectation.EvaluateAsync(context, cancellationToken);
        }
        catch (DuckDBException e)
        {
            // A file DuckDB cannot read (a ragged CSV row, a value that breaks the detected type) fails the check
            // with DuckDB's own words rather than the whole run.
            return ExpectationOutcome.Fail(null, $"Could not query {context.Table.Path}: {e.Message}");
        }
    }

    /// <summary>The table a path names, or the only table when none is named; otherwise null and why.</summary>
    private static TableProfile? FindTable(DatasetProfile profile, string? path, out string problem)
    {
        problem = "";
        var paths = string.Join(", ", profile.Tables.Select(t => t.Path));
        if (profile.Tables.Count == 0)
        {
            problem = "The version has no tabular files (CSV or Parquet) to check.";
            return null;
        }

        if (path is null)
        {
            if (profile.Tables.Count == 1)
            {
                return profile.Tables[0];
            }

            problem = $"The version has {profile.Tables.Count} tabular files ({paths}); name one with 'table' in the suite or the expectation.";
            return null;
        }

        var table = profile.Tables.FirstOrDefault(t => string.Equals(t.Path, path, StringComparison.Ordinal));
        if (table is null)
        {
            problem = $"No tabular file '{path}' in the version; it has {paths}.";
        }

        return table;
    }
}
