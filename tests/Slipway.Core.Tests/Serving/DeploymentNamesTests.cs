using Slipway.Core.Errors;
using Slipway.Core.Serving;
using Xunit;

namespace Slipway.Core.Tests.Serving;

public class DeploymentNamesTests
{
    [Theory]
    [InlineData("churn")]
    [InlineData("9lives")]
    [InlineData("churn-v2.canary_b")]
    [InlineData("a")]
    public void Validate_accepts_lowercase_letters_digits_dots_underscores_and_dashes(string name)
    {
        DeploymentNames.Validate(name);
    }

    [Fact]
    public void Validate_accepts_63_characters_and_rejects_64()
    {
        DeploymentNames.Validate("a" + new string('0', 62));

        Assert.Throws<SlipwayException>(() => DeploymentNames.Validate("a" + new string('0', 63)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Churn")]
    [InlineData("-churn")]
    [InlineData(".churn")]
    [InlineData("_churn")]
    [InlineData("churn/v2")]
    [InlineData("churn v2")]
    [InlineData("chürn")]
    public void Validate_rejects_other_names_saying_the_name_and_the_rule(string? name)
    {
        var error = Assert.Throws<SlipwayException>(() => DeploymentNames.Validate(name));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal(
            $"Invalid deployment name '{name}': a deployment name is 1 to 63 lowercase letters, digits, '.', '_' and '-', starting with a letter or digit.",
            error.Message);
    }
}
