namespace Slipway.Data.Validation;

/// <summary>
/// One check of a suite. The kinds are a closed set (the internal types beside this one), each parsed from its own
/// YAML mapping and each answering from the stored profile where it can and from the data where it must.
/// </summary>
public abstract class Expectation
{
    private protected Expectation()
    {
    }

    /// <summary>The kind as written in the suite, such as <c>not_null</c>.</summary>
    public abstract string Kind { get; }

    public ExpectationSeverity Severity { get; internal set; }

    /// <summary>The manifest path of the table this checks, overriding the suite's default table; null to use the default.</summary>
    public string? Table { get; internal set; }

    /// <summary>The column this checks, for the kinds that check one column.</summary>
    public virtual string? Column => null;

    /// <summary>Where the expectation starts in the suite file (1-based), so a report points back at it.</summary>
    public int Line { get; internal set; }

    /// <summary>What passing means, in the words of the report.</summary>
    public abstract string Expected { get; }

    internal abstract Task<ExpectationOutcome> EvaluateAsync(ExpectationContext context, CancellationToken cancellationToken);
}
