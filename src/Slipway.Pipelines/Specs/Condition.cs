using System.Globalization;
using System.Text;
using Slipway.Core.Errors;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// A step's <c>when</c> condition, such as <c>steps.eval.metrics.accuracy &gt;= 0.9 &amp;&amp; params.deploy</c>, optionally
/// wrapped in <c>${{ ... }}</c>. Operators, loosest first: <c>||</c> (or <c>or</c>), <c>&amp;&amp;</c> (or <c>and</c>),
/// <c>!</c> (or <c>not</c>, which applies to a whole comparison: <c>!a == b</c> is <c>!(a == b)</c>), the comparisons
/// <c>== != &lt; &lt;= &gt; &gt;=</c> (which do not chain); then parentheses, literals (numbers, 'single' or "double"
/// quoted strings, <c>true</c>, <c>false</c>) and references (<see cref="ReferencePath.ConditionForms"/>).
/// <para>
/// A comparison is numeric when both sides read as numbers, else boolean when both are true/false, else an ordinal
/// comparison of the texts. A value on its own is true when it is true, a non-zero number or a non-empty text other
/// than "false" and "0". <c>&amp;&amp;</c> and <c>||</c> stop early, so the right side is not looked up when the left
/// one decides.
/// </para>
/// </summary>
public sealed class Condition
{
    private readonly Node _root;

    private Condition(string text, Node root, IReadOnlyList<ReferencePath> paths)
    {
        Text = text;
        _root = root;
        Paths = paths;
        References = paths.Select(p => p.Text).ToList();
        ReferencedSteps = paths.Where(p => p.Step is not null).Select(p => p.Step!).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The condition as written.</summary>
    public string Text { get; }

    /// <summary>Every reference, each once, in order of appearance (<c>params.lr</c>, <c>steps.eval.metrics.accuracy</c>).</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>The steps the condition refers to (status or metrics), each once: the step waits for them.</summary>
    public IReadOnlyList<string> ReferencedSteps { get; }

    internal IReadOnlyList<ReferencePath> Paths { get; }

    /// <summary>Parses a condition; a malformed one is an INVALID_PARAMETER_VALUE error naming the position (1-based character).</summary>
    public static Condition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (body, offset) = Unwrap(text);
        var parser = new ConditionParser(text, body, offset);
        var root = parser.ParseAll();
        return new Condition(text, root, parser.Paths);
    }

    /// <summary>
    /// Evaluates the condition; <paramref name="lookup"/> gives the text of a reference's value, or null when it is
    /// unknown (such as a metric the step did not log), which is an error naming the reference.
    /// </summary>
    public bool Evaluate(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return IsTruthy(_root.Evaluate(new Context(Text, lookup)));
    }

    public override string ToString() => Text;

    /// <summary>How a value counts on its own: true, a non-zero number, or a non-empty text other than "false" and "0".</summary>
    public static bool IsTruthy(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryBoolean(value, out var flag))
        {
            return flag;
        }

        if (TryNumber(value, out var number))
        {
            return number != 0;
        }

        return value.Length > 0;
    }

    /// <summary>
    /// Compares two values: as numbers when both read as invariant numbers, else as booleans when both are true/false
    /// (false before true), else as ordinal texts. Returns the sign, as <see cref="IComparer{T}"/> does.
    /// </summary>
    public static int Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (TryNumber(left, out var a) && TryNumber(right, out var b))
        {
            return a.CompareTo(b);
        }

        if (TryBoolean(left, out var p) && TryBoolean(right, out var q))
        {
            return p.CompareTo(q);
        }

        return Math.Sign(string.CompareOrdinal(left, right));
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);

    private static bool TryBoolean(string text, out bool value)
    {
        value = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
        return value || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static (string Body, int Offset) Unwrap(string text)
    {
        var trimmed = text.TrimEnd();
        var start = text.Length - text.TrimStart().Length;
        if (trimmed.AsSpan(start).StartsWith("${{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal)
            && trimmed.Length - start >= 5)
        {
            return (trimmed[(start + 3)..^2], start + 3);
        }

        return (text, 0);
    }

    private sealed record Context(string Text, Func<string, string?> Lookup);

    private abstract record Node
    {
        public abstract string Evaluate(Context context);
    }

    private sealed record Literal(string Value) : Node
    {
        public override string Evaluate(Context context) => Value;
    }

    private sealed record Reference(ReferencePath Path) : Node
    {
        public override string Evaluate(Context context) =>
            context.Lookup(Path.Text)
            ?? throw SlipwayException.Invalid($"condition '{context.Text}': '{Path.Text}' is not set (no such value for this run)");
    }

    private sealed record Not(Node Operand) : Node
    {
        public override string Evaluate(Context context) => Bool(!IsTruthy(Operand.Evaluate(context)));
    }

    private sealed record And(Node Left, Node Right) : Node
    {
        public override string Evaluate(Context context) =>
            Bool(IsTruthy(Left.Evaluate(context)) && IsTruthy(Right.Evaluate(context)));
    }

    private sealed record Or(Node Left, Node Right) : Node
    {
        public override string Evaluate(Context context) =>
            Bool(IsTruthy(Left.Evaluate(context)) || IsTruthy(Right.Evaluate(context)));
    }

    private sealed record Comparison(TokenKind Operator, Node Left, Node Right) : Node
    {
        public override string Evaluate(Context context)
        {
            var sign = Compare(Left.Evaluate(context), Right.Evaluate(context));
            return Bool(Operator switch
            {
                TokenKind.Equal => sign == 0,
                TokenKind.NotEqual => sign != 0,
                TokenKind.Less => sign < 0,
                TokenKind.LessOrEqual => sign <= 0,
                TokenKind.Greater => sign > 0,
                _ => sign >= 0,
            });
        }
    }

    private enum TokenKind
    {
        End,
        OpenParen,
        CloseParen,
        Not,
        And,
        Or,
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Number,
        String,
        True,
        False,
        Word,
    }

    /// <summary>A token: its kind, its text (a string's value unquoted) and its 0-based position in the whole text.</summary>
    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class ConditionParser
    {
        private readonly string _text;
        private readonly List<Token> _tokens;
        private readonly List<ReferencePath> _paths = [];
        private int _next;

        public ConditionParser(string text, string body, int offset)
        {
            _text = text;
            _tokens = Tokenize(text, body, offset);
        }

        public IReadOnlyList<ReferencePath> Paths => _paths;

        public Node ParseAll()
        {
            if (Peek.Kind == TokenKind.End)
            {
                throw Error(0, "the condition is empty");
            }

            var node = ParseOr();
            if (Peek.Kind != TokenKind.End)
            {
                throw Peek.Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual
                    ? Error(Peek.Position, $"comparisons do not chain: join them with '&&', such as 'a < b && b < c'")
                    : Error(Peek.Position, $"unexpected {Describe(Peek)}: expected '&&', '||' or the end");
            }

            return node;
        }

        private Token Peek => _tokens[_next];

        private static List<Token> Tokenize(string text, string body, int offset)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < body.Length)
            {
                var c = body[i];
                var at = offset + i;
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                var two = i + 1 < body.Length ? body.Substring(i, 2) : null;
                TokenKind? symbol = two switch
                {
                    "&&" => TokenKind.And,
                    "||" => TokenKind.Or,
                    "==" => TokenKind.Equal,
                    "!=" => TokenKind.NotEqual,
                    "<=" => TokenKind.LessOrEqual,
                    ">=" => TokenKind.GreaterOrEqual,
                    _ => null,
                };
                if (symbol is { } pair)
                {
                    tokens.Add(new Token(pair, two!, at));
                    i += 2;
                    continue;
                }

                symbol = c switch
                {
                    '(' => TokenKind.OpenParen,
                    ')' => TokenKind.CloseParen,
                    '!' => TokenKind.Not,
                    '<' => TokenKind.Less,
                    '>' => TokenKind.Greater,
                    _ => null,
                };
                if (symbol is { } single)
                {
                    tokens.Add(new Token(single, c.ToString(), at));
                    i++;
                    continue;
                }

                if (c is '=' or '&' or '|')
                {
                    throw Error(text, at, c == '=' ? "use '==' to compare" : $"use '{c}{c}' (or '{(c == '&' ? "and" : "or")}')");
                }

                if (c is '\'' or '"')
                {
                    i = ReadString(text, body, offset, i, tokens);
                    continue;
                }

                if (char.IsAsciiDigit(c) || ((c is '-' or '+' or '.') && i + 1 < body.Length && (char.IsAsciiDigit(body[i + 1]) || body[i + 1] == '.')))
                {
                    var start = i;
                    i++;
                    while (i < body.Length && (char.IsAsciiLetterOrDigit(body[i]) || body[i] == '.'
                        || ((body[i] is '-' or '+') && (body[i - 1] is 'e' or 'E'))))
                    {
                        i++;
                    }

                    var number = body[start..i];
                    if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    {
                        throw Error(text, at, $"'{number}' is not a number");
                    }

                    tokens.Add(new Token(TokenKind.Number, number, at));
                    continue;
                }

                if (char.IsAsciiLetter(c) || c == '_')
                {
                    var start = i;
                    while (i < body.Length && (char.IsAsciiLetterOrDigit(body[i]) || body[i] is '_' or '-' or '.' or '/'))
                    {
                        i++;
                    }

                    var word = body[start..i];
                    tokens.Add(new Token(
                        word switch
                        {
                            "and" => TokenKind.And,
                            "or" => TokenKind.Or,
                            "not" => TokenKind.Not,
                            "true" => TokenKind.True,
                            "false" => TokenKind.False,
                            _ => TokenKind.Word,
                        },
                        word,
                        at));
                    continue;
                }

                throw Error(text, at, $"unexpected '{c}'");
            }

            tokens.Add(new Token(TokenKind.End, string.Empty, offset + body.Length));
            return tokens;
        }

        private static int ReadString(string text, string body, int offset, int i, List<Token> tokens)
        {
            var quote = body[i];
            var start = i;
            var value = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= body.Length)
                {
                    throw Error(text, offset + start, $"unclosed {(quote == '\'' ? "'" : "\"")} string");
                }

                var c = body[i];
                if (c == quote)
                {
                    if (quote == '\'' && i + 1 < body.Length && body[i + 1] == '\'')
                    {
                        value.Append('\'');
                        i += 2;
                        continue;
                    }

                    tokens.Add(new Token(TokenKind.String, value.ToString(), offset + start));
                    return i + 1;
                }

                if (quote == '"' && c == '\\' && i + 1 < body.Length)
                {
                    value.Append(body[i + 1]);
                    i += 2;
                    continue;
                }

                value.Append(c);
                i++;
            }
        }

        private static SlipwayException Error(string text, int position, string message) =>
            SlipwayException.Invalid($"invalid condition '{text}': {message} (at character {position + 1})");

        private SlipwayException Error(int position, string message) => Error(_text, position, message);

        private static string Describe(Token token) => token.Kind switch
        {
            TokenKind.End => "end of the condition",
            TokenKind.String => $"string '{token.Text}'",
            _ => $"'{token.Text}'",
        };

        private Token Take() => _tokens[_next++];

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (Peek.Kind == TokenKind.Or)
            {
                Take();
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseNot();
            while (Peek.Kind == TokenKind.And)
            {
                Take();
                left = new And(left, ParseNot());
            }

            return left;
        }

        private Node ParseNot()
        {
            if (Peek.Kind == TokenKind.Not)
            {
                Take();
                return new Not(ParseNot());
            }

            return ParseComparison();
        }

        private Node ParseComparison()
        {
            var left = ParsePrimary();
            if (Peek.Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual)
            {
                var op = Take();
                return new Comparison(op.Kind, left, ParsePrimary());
            }

            return left;
        }

        private Node ParsePrimary()
        {
            var token = Take();
            switch (token.Kind)
            {
                case TokenKind.OpenParen:
                    var inner = ParseOr();
                    if (Peek.Kind != TokenKind.CloseParen)
                    {
                        throw Error(Peek.Position, $"expected ')' to close the '(' at character {token.Position + 1}, got {Describe(Peek)}");
                    }

                    Take();
                    return inner;
                case TokenKind.Number:
                case TokenKind.String:
                    return new Literal(token.Text);
                case TokenKind.True:
                    return new Literal("true");
                case TokenKind.False:
                    return new Literal("false");
                case TokenKind.Word:
                    return new Reference(ParseReference(token));
                default:
                    throw Error(token.Position, $"expected a value, got {Describe(token)}");
            }
        }

        private ReferencePath ParseReference(Token token)
        {
            if (!ReferencePath.TryParse(token.Text, out var path) || !path.IsConditionReference)
            {
                var hint = ReferencePath.Hint(token.Text)
                    ?? (token.Text.Contains('.', StringComparison.Ordinal)
                        ? $"expected {ReferencePath.ConditionForms}"
                        : $"quote text ('{token.Text}'), or refer to {ReferencePath.ConditionForms}");
                throw Error(token.Position, $"'{token.Text}' is not something a condition can refer to ({hint})");
            }

            if (!_paths.Exists(p => p.Text == path.Text))
            {
                _paths.Add(path);
            }

            return path;
        }
    }
}
