namespace Slipway.Core.Search;

/// <summary>
/// One token of a search filter or order-by clause. <see cref="Text"/> is the source text exactly as written and
/// <see cref="Position"/> its zero-based offset, so errors can point at it. <see cref="Value"/> is the meaning:
/// the unquoted key of an identifier (with <see cref="Prefix"/> holding the part before the first dot, if any),
/// the unescaped content of a string, the upper-case keyword, or the canonical operator (<c>&lt;&gt;</c> becomes
/// <c>!=</c>).
/// </summary>
public sealed record SearchToken(SearchTokenKind Kind, string Text, int Position, string Value, string? Prefix = null)
{
    /// <summary>How error messages refer to this token.</summary>
    public string Describe() => Kind switch
    {
        SearchTokenKind.End => "end of input",
        SearchTokenKind.StringLiteral => $"string {Text}",
        _ => $"'{Text}'",
    };

    internal bool IsKeyword(string keyword) =>
        Kind == SearchTokenKind.Keyword && string.Equals(Value, keyword, StringComparison.Ordinal);
}
