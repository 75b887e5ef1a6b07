using Slipway.Cli.Commands.Pipelines;
using Slipway.Client.Tests.Infrastructure;

namespace Slipway.Client.Tests.Cli;

/// <summary>The <c>-p KEY=VALUE</c> overrides of <c>slipway run</c> and <c>pipelines start</c>.</summary>
public sealed class ParamOptionTests
{
    [Fact]
    public void Values_may_hold_equals_signs_and_be_empty()
    {
        var parameters = ParamOption.Parse(["filter=age>=18", "note=", "lr=0.01"]);

        Assert.Equal(new Dictionary<string, string> { ["filter"] = "age>=18", ["note"] = string.Empty, ["lr"] = "0.01" }, parameters);
    }

    [Theory]
    [InlineData("lr", "Invalid param 'lr': expected KEY=VALUE, such as -p lr=0.01.")]
    [InlineData("=0.1", "Invalid param '=0.1': expected KEY=VALUE, such as -p lr=0.01.")]
    [InlineData("learning rate=0.1", "Invalid param 'learning rate=0.1': the name 'learning rate' has a space in it.")]
    public void Malformed_overrides_are_named(string text, string expected) =>
        Assert.Equal([expected], ParamOption.Problems([text]));

    [Fact]
    public void A_param_given_twice_is_an_error_rather_than_a_silent_choice() =>
        Assert.Equal(["The param 'lr' is given twice; give each param once."], ParamOption.Problems(["lr=0.1", "epochs=3", "lr=0.2"]));

    [Theory]
    [InlineData("Invalid param 'lr': expected KEY=VALUE", "run", "slipway.yaml", "-p", "lr")]
    [InlineData("The param 'lr' is given twice", "pipelines", "start", "churn", "-p", "lr=1", "--param", "lr=2")]
    public async Task The_command_line_is_refused_before_any_request(string expected, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}
