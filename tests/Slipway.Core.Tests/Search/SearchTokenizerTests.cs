using Slipway.Core.Errors;
using Slipway.Core.Search;
using Xunit;

namespace Slipway.Core.Tests.Search;

public class SearchTokenizerTests
{
    [Fact]
    public void Tokenize_reports_kinds_values_and_positions()
    {
        var tokens = SearchTokenizer.Tokenize("metrics.acc >= -1.5e3 and tags.`a b` IN ('x', \"y\")");

        var summary = tokens.Select(t => $"{t.Kind}:{t.Prefix}:{t.Value}@{t.Position}");
        Assert.Equal(
            [
                "Identifier:metrics:acc@0",
                "Operator::>=@12",
                "NumberLiteral::-1.5e3@15",
                "Keyword::AND@22",
                "Identifier:tags:a b@26",
                "Keyword::IN@37",
                "LeftParenthesis::(@40",
                "StringLiteral::x@41",
                "Comma::,@44",
                "StringLiteral::y@46",
                "RightParenthesis::)@49",
                "End::@50",
            ],
            summary);
    }

    [Theory]
    [InlineData("'it''s'", "it's")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("'C:\\temp\\x'", "C:\\temp\\x")]
    [InlineData("'a\\\\b'", "a\\b")]
    [InlineData("''", "")]
    [InlineData("'%_x'", "%_x")]
    public void Tokenize_unescapes_string_literals(string literal, string expected)
    {
        var token = SearchTokenizer.Tokenize(literal)[0];

        Assert.Equal(SearchTokenKind.StringLiteral, token.Kind);
        Assert.Equal(expected, token.Value);
        Assert.Equal(literal, token.Text);
    }

    [Theory]
    [InlineData("<>", "!=")]
    [InlineData("!=", "!=")]
    [InlineData("<=", "<=")]
    [InlineData(">=", ">=")]
    [InlineData("<", "<")]
    [InlineData(">", ">")]
    [InlineData("=", "=")]
    public void Tokenize_canonicalises_operators(string text, string expected)
    {
        var token = SearchTokenizer.Tokenize(text)[0];

        Assert.Equal(SearchTokenKind.Operator, token.Kind);
        Assert.Equal(expected, token.Value);
    }

    [Theory]
    [InlineData("and", "AND")]
    [InlineData("Like", "LIKE")]
    [InlineData("ilike", "ILIKE")]
    [InlineData("not", "NOT")]
    [InlineData("Is", "IS")]
    [InlineData("nULL", "NULL")]
    [InlineData("or", "OR")]
    public void Tokenize_recognises_keywords_in_any_casing(string text, string expected)
    {
        var token = SearchTokenizer.Tokenize(text)[0];

        Assert.Equal(SearchTokenKind.Keyword, token.Kind);
        Assert.Equal(expected, token.Value);
    }

    [Theory]
    [InlineData("tags.mlflow.runName", "tags", "mlflow.runName")]
    [InlineData("metrics.`my metric`", "metrics", "my metric")]
    [InlineData("tags.\"a b\"", "tags", "a b")]
    [InlineData("tags.'a.b-c'", "tags", "a.b-c")]
    [InlineData("`metrics`.acc", "metrics", "acc")]
    [InlineData("`Run name`", null, "Run name")]
    [InlineData("metrics.1st", "metrics", "1st")]
    [InlineData("tags.`a``b`", "tags", "a`b")]
    public void Tokenize_splits_identifiers_into_prefix_and_key(string text, string? prefix, string key)
    {
        var token = SearchTokenizer.Tokenize(text)[0];

        Assert.Equal(SearchTokenKind.Identifier, token.Kind);
        Assert.Equal(prefix, token.Prefix);
        Assert.Equal(key, token.Value);
    }

    [Theory]
    [InlineData("'open", "unterminated string 'open starting at position 0")]
    [InlineData("tags.`open", "unterminated quoted key `open starting at position 5")]
    [InlineData("a # b", "unexpected character '#' at position 2")]
    [InlineData("1.2.3", "invalid number '1.2.3' at position 0")]
    [InlineData("metrics.", "expected a key after 'metrics.' but found end of input at position 8")]
    [InlineData("x ! y", "unexpected character '!' at position 2")]
    public void Tokenize_rejects_malformed_input_naming_the_position(string text, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => SearchTokenizer.Tokenize(text));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
