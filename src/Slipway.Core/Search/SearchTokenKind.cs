namespace Slipway.Core.Search;

/// <summary>The lexical classes of the search filter and order-by languages.</summary>
public enum SearchTokenKind
{
    /// <summary>A key such as <c>metrics.acc</c>, <c>tags."a b"</c>, <c>`Run name`</c> or <c>name</c>.</summary>
    Identifier,

    /// <summary>A single- or double-quoted string literal.</summary>
    StringLiteral,

    /// <summary>An integer or decimal literal, optionally negative, with an optional exponent.</summary>
    NumberLiteral,

    /// <summary>One of <c>= != &lt;&gt; &lt; &lt;= &gt; &gt;=</c>.</summary>
    Operator,

    /// <summary>One of <c>AND OR LIKE ILIKE IN NOT IS NULL</c>, in any casing.</summary>
    Keyword,

    LeftParenthesis,
    RightParenthesis,
    Comma,

    /// <summary>The end of the input; always the last token.</summary>
    End,
}
