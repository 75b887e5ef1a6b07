using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>How one expectation of a suite fared.</summary>
public sealed record ExpectationResult
{
    /// <summary>The expectation's position in the suite, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The line of the suite file where the expectation starts.</summary>
    public required int Line { get; init; }

    public required string Kind { get; init; }

    /// <summary>The manifest path of the table checked; null when none could be chosen.</summary>
    public string? Table { get; init; }

    public string? Column { get; init; }

    public required ExpectationSeverity Severity { get; init; }

    public required bool Passed { get; init; }

    /// <summary>What the data showed, such as <c>1500</c>, <c>string</c> or <c>3 values outside the set</c>; null when nothing could be observed.</summary>
    public string? Observed { get; init; }

    /// <summary>What passing needs, such as <c>between 1000 and 2000000</c>.</summary>
    public required string Expected { get; init; }

    /// <summary>One sentence for a person, naming the table, column and counts.</summary>
    public required string Message { get; init; }

    /// <summary>For checks that read the data: up to five offending values, most frequent first, with their row counts.</summary>
    public IReadOnlyList<ValueFrequency> Examples { get; init; } = [];
}
