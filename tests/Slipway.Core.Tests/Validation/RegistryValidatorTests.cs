using Slipway.Core.Errors;
using Slipway.Core.Tracking;
using Slipway.Core.Validation;
using Xunit;

namespace Slipway.Core.Tests.Validation;

public class RegistryValidatorTests
{
    [Theory]
    [InlineData("model")]
    [InlineData("my model v2")]
    [InlineData("catalog.schema.model")]
    [InlineData("model@weird")]
    public void ValidateModelName_accepts_ordinary_names(string name)
    {
        RegistryValidator.ValidateModelName(name);
    }

    [Theory]
    [InlineData(null, "Missing value for required parameter 'name'.")]
    [InlineData("", "Missing value for required parameter 'name'.")]
    [InlineData("  ", "Invalid value '  ' for parameter 'name' supplied: a registered model name must not be blank.")]
    [InlineData("a/b", "Invalid value 'a/b' for parameter 'name' supplied: a registered model name must not contain '/'")]
    [InlineData("a\u0000b", "must not contain control characters")]
    public void ValidateModelName_rejects_invalid_names(string? name, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => RegistryValidator.ValidateModelName(name));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("champion")]
    [InlineData("Champion-2_b")]
    [InlineData("v1a")]
    [InlineData("version1")]
    [InlineData("latest2")]
    public void ValidateAlias_accepts_ordinary_aliases(string alias)
    {
        RegistryValidator.ValidateAlias(alias);
    }

    [Theory]
    [InlineData(null, "Missing value for required parameter 'alias'.")]
    [InlineData("", "Missing value for required parameter 'alias'.")]
    [InlineData("latest", "'latest' alias name (case insensitive) is reserved.")]
    [InlineData("LaTeSt", "'latest' alias name (case insensitive) is reserved.")]
    [InlineData("v1", "Version alias name 'v1' is reserved.")]
    [InlineData("V42", "Version alias name 'V42' is reserved.")]
    [InlineData("123", "Version alias name '123' is reserved.")]
    [InlineData("a b", "Names may only contain alphanumerics, underscores (_), and dashes (-).")]
    [InlineData("a.b", "Names may only contain alphanumerics, underscores (_), and dashes (-).")]
    [InlineData("a/b", "Names may only contain alphanumerics, underscores (_), and dashes (-).")]
    public void ValidateAlias_rejects_reserved_and_malformed_aliases(string? alias, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => RegistryValidator.ValidateAlias(alias));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAlias_limits_aliases_to_255_characters()
    {
        RegistryValidator.ValidateAlias(new string('a', 255));

        Assert.Throws<SlipwayException>(() => RegistryValidator.ValidateAlias(new string('a', 256)));
    }

    [Theory]
    [InlineData("1", 1L)]
    [InlineData("42", 42L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void ParseVersion_reads_positive_integers(string text, long expected)
    {
        Assert.Equal(expected, RegistryValidator.ParseVersion(text));
    }

    [Theory]
    [InlineData("x", "Model version must be an integer, got 'x'.")]
    [InlineData("", "Model version must be an integer, got ''.")]
    [InlineData(null, "Model version must be an integer, got ''.")]
    [InlineData("1.5", "Model version must be an integer, got '1.5'.")]
    [InlineData("-1", "Model version must be an integer, got '-1'.")]
    [InlineData(" 1", "Model version must be an integer, got ' 1'.")]
    [InlineData("99999999999999999999", "Model version must be an integer, got '99999999999999999999'.")]
    [InlineData("0", "Model version must be a positive integer, got '0'.")]
    public void ParseVersion_rejects_anything_but_a_positive_integer(string? text, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => RegistryValidator.ParseVersion(text));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void ValidateTag_applies_key_rules_and_the_5000_character_value_limit()
    {
        RegistryValidator.ValidateTag(new Tag("owner", new string('v', 5000)));

        Assert.Throws<SlipwayException>(() => RegistryValidator.ValidateTag(new Tag("owner", new string('v', 5001))));
        Assert.Throws<SlipwayException>(() => RegistryValidator.ValidateTag(new Tag("/owner", "v")));
        var error = Assert.Throws<SlipwayException>(() => RegistryValidator.ValidateTag(new Tag("owner", null!)));
        Assert.Equal("Missing value for required parameter 'value'.", error.Message);
    }

    [Theory]
    [InlineData("production", "Production")]
    [InlineData("STAGING", "Staging")]
    [InlineData("none", "None")]
    [InlineData("Archived", "Archived")]
    public void NormalizeStage_returns_the_canonical_spelling(string stage, string expected)
    {
        Assert.Equal(expected, RegistryValidator.NormalizeStage(stage));
    }

    [Fact]
    public void NormalizeStage_rejects_unknown_stages_naming_them()
    {
        var error = Assert.Throws<SlipwayException>(() => RegistryValidator.NormalizeStage("Prod"));

        Assert.Contains("Invalid value 'Prod' for parameter 'stage' supplied", error.Message, StringComparison.Ordinal);
    }
}
