using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>What evaluating one expectation found; the runner adds where it came from to make an <see cref="ExpectationResult"/>.</summary>
internal sealed record ExpectationOutcome(bool Passed, string? Observed, string Message, IReadOnlyList<ValueFrequency> Examples)
{
    public ExpectationOutcome(bool passed, string? observed, string message)
        : this(passed, observed, message, [])
    {
    }

    public static ExpectationOutcome Pass(string? observed, string message) => new(true, observed, message);

    /// <summary>A failure, with the offending values when the data was read.</summary>
    public static ExpectationOutcome Fail(string? observed, string message, IReadOnlyList<ValueFrequency>? examples = null) =>
        new(false, observed, message, examples ?? []);
}
