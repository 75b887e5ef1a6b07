using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class ParserParamTests
{
    private static IReadOnlyList<ParamSpec> Params(string block) =>
        Parse($"name: p\nparams:\n{block}steps:\n  a: {{run: x}}\n").Params;

    [Theory]
    [InlineData("10", ParamType.WholeNumber, "10")]
    [InlineData("-3", ParamType.WholeNumber, "-3")]
    [InlineData("0.01", ParamType.Number, "0.01")]
    [InlineData("1e-3", ParamType.Number, "0.001")]
    [InlineData("true", ParamType.Boolean, "true")]
    [InlineData("False", ParamType.Boolean, "false")]
    [InlineData("resnet", ParamType.Text, "resnet")]
    [InlineData("\"10\"", ParamType.Text, "10")]
    [InlineData("'true'", ParamType.Text, "true")]
    [InlineData("yes", ParamType.Text, "yes")]
    [InlineData("data:churn@3", ParamType.Text, "data:churn@3")]
    public void A_scalar_is_the_default_with_its_type_inferred(string value, ParamType type, string canonical)
    {
        var param = Assert.Single(Params($"  x: {value}\n"));
        Assert.Equal(new ParamSpec("x", type, canonical, null, null, new SourceLocation(3, 3)), param);
    }

    [Theory]
    [InlineData("{type: float, default: 1}", ParamType.Number, "1")]
    [InlineData("{type: string, default: 10}", ParamType.Text, "10")]
    [InlineData("{type: int}", ParamType.WholeNumber, null)]
    [InlineData("{type: bool, default: TRUE}", ParamType.Boolean, "true")]
    [InlineData("{default: 2.50}", ParamType.Number, "2.5")]
    [InlineData("{description: text only}", ParamType.Text, null)]
    [InlineData("{type: string, default: null}", ParamType.Text, null)]
    [InlineData("{}", ParamType.Text, null)]
    public void A_mapping_sets_type_default_description_and_choices(string value, ParamType type, string? defaultText)
    {
        var param = Assert.Single(Params($"  x: {value}\n"));
        Assert.Equal(type, param.Type);
        Assert.Equal(defaultText, param.Default);
    }

    [Fact]
    public void Choices_are_canonical_and_the_default_is_one_of_them()
    {
        var param = Assert.Single(Params("  lr: {type: float, default: 0.10, description: Learning rate, choices: [0.01, 0.10, 1]}\n"));
        Assert.Equal("0.1", param.Default);
        Assert.Equal("Learning rate", param.Description);
        Assert.Equal(["0.01", "0.1", "1"], param.Choices);

        var inferred = Assert.Single(Params("  mode: {default: fast, choices: [fast, slow]}\n"));
        Assert.Equal(["fast", "slow"], inferred.Choices);
    }

    [Theory]
    [InlineData("  lr: {type: double}\n", 3, 14, "params.lr.type", "expected one of string, int, float, bool, got 'double'")]
    [InlineData("  lr: {type: float, default: abc}\n", 3, 30, "params.lr.default", "expected a float, got 'abc'")]
    [InlineData("  n: {type: int, default: 1.5}\n", 3, 27, "params.n.default", "expected an int, got '1.5'")]
    [InlineData("  b: {type: bool, default: 1}\n", 3, 28, "params.b.default", "expected a bool, got '1'")]
    [InlineData("  n: {type: int, choices: [1, two]}\n", 3, 31, "params.n.choices", "expected an int, got 'two'")]
    [InlineData("  n: {type: int, default: 3, choices: [1, 2]}\n", 3, 27, "params.n.default", "'3' is not one of the choices (1, 2)")]
    [InlineData("  n: {choices: []}\n", 3, 16, "params.n.choices", "expected a list of allowed values such as [a, b], got a list")]
    [InlineData("  n: {choices: a}\n", 3, 16, "params.n.choices", "expected a list of allowed values such as [a, b], got 'a'")]
    [InlineData("  n: {default: [1, 2]}\n", 3, 16, "params.n.default", "expected a single value, got a list")]
    [InlineData("  n:\n", 3, 5, "params.n", "expected a default value (such as 0.01) or a mapping such as {type: string}, got nothing")]
    [InlineData("  n: [1, 2]\n", 3, 6, "params.n", "expected a default value (such as 0.01) or a mapping such as {type: string}, got a list")]
    [InlineData("  my.param: 1\n", 3, 3, "params.my.param", "param names are 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'; got 'my.param'")]
    [InlineData("  n: {typ: int}\n", 3, 7, "params.n.typ", "unknown key 'typ'; did you mean 'type'?")]
    public void Param_errors_name_the_field(string block, int line, int column, string field, string message)
    {
        var error = SingleError($"name: p\nparams:\n{block}steps:\n  a: {{run: x}}\n");
        Assert.Equal(new SourceLocation(line, column), error.Location);
        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Params_must_be_a_mapping()
    {
        var error = SingleError("name: p\nparams: [lr]\nsteps:\n  a: {run: x}\n");
        Assert.Equal("params", error.Field);
        Assert.StartsWith("expected a mapping such as {lr: 0.01", error.Message, StringComparison.Ordinal);
    }
}
