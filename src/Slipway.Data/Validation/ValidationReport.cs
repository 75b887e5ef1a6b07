namespace Slipway.Data.Validation;

/// <summary>The outcome of running a suite against a dataset version.</summary>
public sealed record ValidationReport
{
    /// <summary>The suite's name, or the name of the file it came from when it has none.</summary>
    public required string Suite { get; init; }

    /// <summary>False when any error-severity expectation failed; failed warnings do not count.</summary>
    public bool Passed => ErrorCount == 0;

    public int PassedCount => Results.Count(r => r.Passed);

    /// <summary>Failed expectations of severity error.</summary>
    public int ErrorCount => Results.Count(r => !r.Passed && r.Severity == ExpectationSeverity.Error);

    /// <summary>Failed expectations of severity warn.</summary>
    public int WarningCount => Results.Count(r => !r.Passed && r.Severity == ExpectationSeverity.Warn);

    /// <summary>One per expectation, in the suite's order.</summary>
    public required IReadOnlyList<ExpectationResult> Results { get; init; }
}
