using System.Text;

namespace Slipway.Core.Search;

/// <summary>
/// Splits a search filter or order-by clause into tokens. The language is MLflow's SQL-like subset:
/// <list type="bullet">
/// <item>Identifiers are words of letters, digits and underscores. A word followed by a dot is an entity prefix and
/// everything after the first dot is the key, so <c>tags.mlflow.runName</c> has prefix <c>tags</c> and key
/// <c>mlflow.runName</c>. A key with other characters is quoted after the dot with backticks, double or single quotes
/// (<c>metrics.`my metric`</c>, <c>tags."a b"</c>); a whole identifier may be backticked (<c>`Run name`</c>).</item>
/// <item>String literals use single or double quotes. A quote is escaped by doubling it or with a backslash;
/// <c>\\</c> is one backslash; any other backslash is kept as written, so Windows paths and LIKE escapes survive.</item>
/// <item>Numbers: optional minus, digits with an optional fraction, an optional exponent (<c>-1.5e-3</c>, <c>.5</c>).</item>
/// <item>Operators <c>= != &lt;&gt; &lt; &lt;= &gt; &gt;=</c>, parentheses and commas; keywords
/// <c>AND OR LIKE ILIKE IN NOT IS NULL</c> in any casing (OR is recognised only so the parser can reject it by name).</item>
/// </list>
/// </summary>
public static class SearchTokenizer
{
    private static readonly HashSet<string> Keywords =
        new(StringComparer.OrdinalIgnoreCase) { "AND", "OR", "LIKE", "ILIKE", "IN", "NOT", "IS", "NULL" };

    /// <summary>Tokenizes a filter; the last token is always <see cref="SearchTokenKind.End"/>.</summary>
    /// <exception cref="Errors.SlipwayException">INVALID_PARAMETER_VALUE naming the bad character or literal.</exception>
    public static IReadOnlyList<SearchToken> Tokenize(string text) => Tokenize(text, SearchSyntaxError.Filter);

    internal static IReadOnlyList<SearchToken> Tokenize(string text, string clauseKind)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Lexer(text, clauseKind).Run();
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsQuote(char c) => c is '\'' or '"' or '`';

    /// <summary>The scanning state for one input, so the helpers share the cursor instead of passing it around.</summary>
    private sealed class Lexer(string text, string clauseKind)
    {
        private readonly List<SearchToken> _tokens = [];
        private int _index;

        public List<SearchToken> Run()
        {
            while (true)
            {
                while (_index < text.Length && char.IsWhiteSpace(text[_index]))
                {
                    _index++;
                }

                if (_index >= text.Length)
                {
                    _tokens.Add(new SearchToken(SearchTokenKind.End, string.Empty, text.Length, string.Empty));
                    return _tokens;
                }

                _tokens.Add(Next());
            }
        }

        private SearchToken Next()
        {
            var start = _index;
            var c = text[_index];
            switch (c)
            {
                case '(':
                    _index++;
                    return new SearchToken(SearchTokenKind.LeftParenthesis, "(", start, "(");
                case ')':
                    _index++;
                    return new SearchToken(SearchTokenKind.RightParenthesis, ")", start, ")");
                case ',':
                    _index++;
                    return new SearchToken(SearchTokenKind.Comma, ",", start, ",");
                case '=':
                    return Operator(start, 1, "=");
                case '!' when Peek(1) == '=':
                    return Operator(start, 2, "!=");
                case '<':
                    return Peek(1) switch
                    {
                        '=' => Operator(start, 2, "<="),
                        '>' => Operator(start, 2, "!="),
                        _ => Operator(start, 1, "<"),
                    };
                case '>':
                    return Peek(1) == '=' ? Operator(start, 2, ">=") : Operator(start, 1, ">");
                case '\'' or '"':
                    {
                        var value = ReadQuoted(c);
                        return new SearchToken(SearchTokenKind.StringLiteral, Slice(start), start, value);
                    }

                case '`':
                    return ReadBacktickIdentifier();
                default:
                    break;
            }

            if (char.IsAsciiDigit(c) || (c is '-' or '.' && StartsNumberAt(_index)))
            {
                return ReadNumber();
            }

            if (IsWordChar(c))
            {
                return ReadWordIdentifier();
            }

            throw Error($"unexpected character '{c}'", start);
        }

        private SearchToken ReadWordIdentifier()
        {
            var start = _index;
            var word = ReadWord();
            if (Peek(0) == '.')
            {
                return ReadKeyAfterPrefix(start, word);
            }

            return Keywords.Contains(word)
                ? new SearchToken(SearchTokenKind.Keyword, word, start, word.ToUpperInvariant())
                : new SearchToken(SearchTokenKind.Identifier, word, start, word);
        }

        private SearchToken ReadBacktickIdentifier()
        {
            var start = _index;
            var name = ReadQuoted('`');
            return Peek(0) == '.'
                ? ReadKeyAfterPrefix(start, name)
                : new SearchToken(SearchTokenKind.Identifier, Slice(start), start, name);
        }

        /// <summary>Reads the key after <c>prefix.</c>: a quoted key, or a word that may itself contain dots.</summary>
        private SearchToken ReadKeyAfterPrefix(int start, string prefix)
        {
            _index++; // the dot
            var next = Peek(0);
            string key;
            if (IsQuote(next))
            {
                key = ReadQuoted(next);
            }
            else if (IsWordChar(next))
            {
                var keyStart = _index;
                while (_index < text.Length && (IsWordChar(text[_index]) || text[_index] == '.'))
                {
                    _index++;
                }

                key = text[keyStart.._index];
            }
            else
            {
                throw Error($"expected a key after '{Slice(start)}' but found {DescribeChar(_index)}", _index);
            }

            return new SearchToken(SearchTokenKind.Identifier, Slice(start), start, key, prefix);
        }

        private string ReadWord()
        {
            var start = _index;
            while (_index < text.Length && IsWordChar(text[_index]))
            {
                _index++;
            }

            return text[start.._index];
        }

        /// <summary>
        /// Reads a quoted run starting at the opening quote and returns its content. Doubling the quote escapes it
        /// (SQL style); in strings a backslash also escapes either quote or a backslash.
        /// </summary>
        private string ReadQuoted(char quote)
        {
            var start = _index;
            var builder = new StringBuilder();
            _index++;
            while (_index < text.Length)
            {
                var c = text[_index];
                if (c == '\\' && quote != '`' && Peek(1) is '\'' or '"' or '\\')
                {
                    builder.Append(text[_index + 1]);
                    _index += 2;
                }
                else if (c == quote && Peek(1) == quote)
                {
                    builder.Append(quote);
                    _index += 2;
                }
                else if (c == quote)
                {
                    _index++;
                    return builder.ToString();
                }
                else
                {
                    builder.Append(c);
                    _index++;
                }
            }

            var what = quote == '`' ? "quoted key" : "string";
            throw Error($"unterminated {what} {text[start..]} starting", start);
        }

        private SearchToken ReadNumber()
        {
            var start = _index;
            if (Peek(0) == '-')
            {
                _index++;
            }

            SkipDigits();
            if (Peek(0) == '.')
            {
                _index++;
                SkipDigits();
            }

            if (Peek(0) is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
            {
                _index += 2;
                SkipDigits();
            }

            // "1abc" or "1.2.3" is one malformed literal, not a number followed by a word.
            if (_index < text.Length && (IsWordChar(text[_index]) || text[_index] == '.'))
            {
                while (_index < text.Length && (IsWordChar(text[_index]) || text[_index] == '.'))
                {
                    _index++;
                }

                throw Error($"invalid number '{Slice(start)}'", start);
            }

            var literal = Slice(start);
            return new SearchToken(SearchTokenKind.NumberLiteral, literal, start, literal);
        }

        private void SkipDigits()
        {
            while (_index < text.Length && char.IsAsciiDigit(text[_index]))
            {
                _index++;
            }
        }

        /// <summary>True for "-1", "-.5" and ".5": a minus or dot that begins a numeric literal.</summary>
        private bool StartsNumberAt(int index)
        {
            if (text[index] == '-')
            {
                index++;
            }

            if (index < text.Length && text[index] == '.')
            {
                index++;
            }

            return index < text.Length && char.IsAsciiDigit(text[index]);
        }

        private char Peek(int offset) => _index + offset < text.Length ? text[_index + offset] : '\0';

        private string Slice(int start) => text[start.._index];

        private string DescribeChar(int index) => index < text.Length ? $"'{text[index]}'" : "end of input";

        private SearchToken Operator(int start, int length, string canonical)
        {
            _index = start + length;
            return new SearchToken(SearchTokenKind.Operator, Slice(start), start, canonical);
        }

        private Errors.SlipwayException Error(string detail, int position) =>
            SearchSyntaxError.At(clauseKind, text, detail, position);
    }
}
