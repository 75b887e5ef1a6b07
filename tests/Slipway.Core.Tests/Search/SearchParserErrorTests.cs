using Slipway.Core.Errors;
using Slipway.Core.Search;
using Xunit;

namespace Slipway.Core.Tests.Search;

public class SearchParserErrorTests
{
    [Fact]
    public void Parse_error_quotes_the_filter_and_names_the_token_and_position()
    {
        var error = Assert.Throws<SlipwayException>(() => SearchParser.ParseRunFilter("metrics.acc > abc"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal(
            "Invalid filter 'metrics.acc > abc': expected a number after '>' but found 'abc' at position 14.",
            error.Message);
    }

    [Theory]
    [InlineData("metrics.acc > 'abc'", "expected a number after '>' but found string 'abc' at position 14")]
    [InlineData("params.lr = 0.1", "expected a quoted string after '=' but found '0.1' at position 12")]
    [InlineData("params.a = abc", "expected a quoted string after '=' but found 'abc' at position 11")]
    [InlineData("params.a = `abc`", "expected a quoted string after '=' but found '`abc`' at position 11")]
    [InlineData("metrics.acc LIKE '%x'", "Invalid comparator 'LIKE' for metrics at position 12")]
    [InlineData("metrics.acc IN ('1')", "Invalid comparator 'IN' for metrics at position 12")]
    [InlineData("params.a > 'x'", "Invalid comparator '>' for params at position 9")]
    [InlineData("tags.a <= 'x'", "Invalid comparator '<=' for tags at position 7")]
    [InlineData("datasets.name > 'x'", "Invalid comparator '>' for datasets at position 14")]
    [InlineData("attributes.foo = 'x'", "Invalid attribute key 'foo' at position 0")]
    [InlineData("foo = 'x'", "Invalid attribute key 'foo' at position 0")]
    [InlineData("attributes.experiment_id = '1'", "Invalid attribute key 'experiment_id' at position 0")]
    [InlineData("attributes.STATUS = 'x'", "Invalid attribute key 'STATUS' at position 0")]
    [InlineData("foo.bar = 'x'", "Invalid entity type 'foo' at position 0")]
    [InlineData("datasets.size = 'x'", "Invalid dataset key 'size' at position 0")]
    [InlineData("metrics.a > 1 OR metrics.b > 2", "OR is not supported, only AND may join comparisons; found 'OR' at position 14")]
    [InlineData("metrics.a > 1 AND", "expected a key such as metrics.acc or params.lr after 'AND' but found end of input at position 17")]
    [InlineData("metrics.a > 1 AND AND metrics.b > 2", "after 'AND' but found 'AND' at position 18")]
    [InlineData("AND metrics.a > 1", "expected a key such as metrics.acc or params.lr but found 'AND' at position 0")]
    [InlineData("metrics.a > 1 metrics.b > 2", "expected AND or the end of the filter but found 'metrics.b' at position 14")]
    [InlineData("params.a = 'x' extra", "expected AND or the end of the filter but found 'extra' at position 15")]
    [InlineData("params.a = 'unterminated", "unterminated string 'unterminated starting at position 11")]
    [InlineData("tags.`open = 'x'", "unterminated quoted key `open = 'x' starting at position 5")]
    [InlineData("params.a IN ()", "expected at least one quoted string in the IN list but found ')' at position 13")]
    [InlineData("params.a IN ('x',)", "expected a quoted string in the IN list but found ')' at position 17")]
    [InlineData("params.a IN ('x' 'y')", "expected ',' or ')' in the IN list but found string 'y' at position 17")]
    [InlineData("params.a IN 'x'", "expected '(' after 'IN' but found string 'x' at position 12")]
    [InlineData("params.a IN (1, 2)", "expected a quoted string in the IN list but found '1' at position 13")]
    [InlineData("params.a IN ('x'", "expected ',' or ')' in the IN list but found end of input at position 16")]
    [InlineData("attributes.run_id IN ('a', 1)", "expected a quoted string in the IN list but found '1' at position 27")]
    [InlineData("attributes.status IN ('a')", "Invalid comparator 'IN' for attribute 'status' at position 18")]
    [InlineData("params.a IS NULL", "Invalid comparator 'IS NULL' for params at position 9")]
    [InlineData("metrics.a IS NOT NULL", "Invalid comparator 'IS NOT NULL' for metrics at position 10")]
    [InlineData("tags.a IS 'x'", "expected NULL after 'IS' but found string 'x' at position 10")]
    [InlineData("tags.a IS NOT 'x'", "expected NULL after 'IS NOT' but found string 'x' at position 14")]
    [InlineData("params.a NOT LIKE 'x'", "expected IN after 'NOT' (the only negated comparator is NOT IN) but found 'LIKE' at position 13")]
    [InlineData("attributes.start_time > '2'", "expected a number after '>' but found string '2' at position 24")]
    [InlineData("attributes.start_time LIKE '2'", "Invalid comparator 'LIKE' for attribute 'start_time' at position 22")]
    [InlineData("metrics.a == 1", "expected a number after '=' but found '=' at position 11")]
    [InlineData("metrics.a ! 1", "unexpected character '!' at position 10")]
    [InlineData("metrics.a > 1;", "unexpected character ';' at position 13")]
    [InlineData("(metrics.a > 1)", "expected a key such as metrics.acc or params.lr but found '(' at position 0")]
    [InlineData("metrics.a > 1 AND (metrics.b > 2)", "after 'AND' but found '(' at position 18")]
    [InlineData("metrics. > 1", "expected a key after 'metrics.' but found ' ' at position 8")]
    [InlineData("metrics.a > 1.2.3", "invalid number '1.2.3' at position 12")]
    [InlineData("metrics.a > 12abc", "invalid number '12abc' at position 12")]
    [InlineData("metrics.a > 1AND params.b = 'x'", "invalid number '1AND' at position 12")]
    [InlineData("metrics.a > 1e999", "expected a number after '>' but found '1e999' at position 12")]
    [InlineData("metrics.a", "expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL) after 'metrics.a' but found end of input at position 9")]
    [InlineData("metrics.a >", "expected a number after '>' but found end of input at position 11")]
    [InlineData("metrics.a 1", "but found '1' at position 10")]
    [InlineData("tags.\"\" = 'x'", "expected a non-empty key in 'tags.\"\"' at position 0")]
    [InlineData("'acc' > 1", "expected a key such as metrics.acc or params.lr but found string 'acc' at position 0")]
    public void ParseRunFilter_rejects_invalid_filters_naming_the_token(string filter, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => SearchParser.ParseRunFilter(filter));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{filter}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics.a > 1", "Invalid entity type 'metrics' at position 0 in filter 'metrics.a > 1'. Valid entity types for filtering are attributes, tags.")]
    [InlineData("datasets.name = 'x'", "Invalid entity type 'datasets' at position 0")]
    [InlineData("status = 'x'", "Invalid attribute key 'status' at position 0")]
    [InlineData("creation_time > 'x'", "expected a number after '>' but found string 'x' at position 16")]
    [InlineData("name IN ('a')", "Invalid comparator 'IN' for attribute 'name' at position 5")]
    [InlineData("name > 'a'", "Invalid comparator '>' for attribute 'name' at position 5")]
    public void ParseExperimentFilter_rejects_keys_and_types_experiments_do_not_have(string filter, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => SearchParser.ParseExperimentFilter(filter));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version_number = 1", "Invalid attribute key 'version_number' at position 0")]
    [InlineData("params.a = 'x'", "Invalid entity type 'params' at position 0")]
    [InlineData("creation_time > 1", "Invalid attribute key 'creation_time' at position 0")]
    public void ParseRegisteredModelFilter_rejects_keys_registered_models_do_not_have(string filter, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => SearchParser.ParseRegisteredModelFilter(filter));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version_number LIKE '1'", "Invalid comparator 'LIKE' for attribute 'version_number' at position 15")]
    [InlineData("version_number = 'abc'", "expected a number after '=' but found string 'abc' at position 17")]
    [InlineData("datasets.name = 'x'", "Invalid entity type 'datasets' at position 0")]
    [InlineData("name IN ('a')", "Invalid comparator 'IN' for attribute 'name' at position 5")]
    [InlineData("status = 'READY'", "Invalid attribute key 'status' at position 0")]
    public void ParseModelVersionFilter_rejects_invalid_filters(string filter, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => SearchParser.ParseModelVersionFilter(filter));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
