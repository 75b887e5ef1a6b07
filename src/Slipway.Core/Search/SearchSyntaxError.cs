using Slipway.Core.Errors;

namespace Slipway.Core.Search;

/// <summary>
/// Builds the INVALID_PARAMETER_VALUE errors of the search languages. Every message quotes the whole input and
/// names the offending token with its zero-based position, so a user can find the mistake in a long filter.
/// </summary>
internal static class SearchSyntaxError
{
    internal const string Filter = "filter";
    internal const string OrderBy = "order_by clause";

    /// <summary>A grammar error: "Invalid filter 'x': expected ... but found 'y' at position 3".</summary>
    public static SlipwayException At(string clauseKind, string input, string detail, int position) =>
        SlipwayException.Invalid($"Invalid {clauseKind} '{input}': {detail} at position {position}.");

    /// <summary>A meaning error: "Invalid attribute key 'foo' at position 0 in filter 'x'. Valid keys are ...".</summary>
    public static SlipwayException Semantic(string clauseKind, string input, string problem, int position, string hint) =>
        SlipwayException.Invalid($"{problem} at position {position} in {clauseKind} '{input}'. {hint}");
}
