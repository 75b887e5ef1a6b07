using Slipway.Core.Errors;
using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class ParamValuesTests
{
    private static readonly PipelineSpec Spec = Parse("""
        name: p
        params:
          lr: {type: float, default: 0.01, choices: [0.01, 0.1, 1]}
          epochs: 10
          dataset: {type: string}
          deploy: {type: bool, default: false}
          note: "hello"
        steps:
          train: {run: "python train.py"}
        """);

    private static Dictionary<string, string> Given(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void Defaults_apply_and_overrides_replace_them_in_canonical_text()
    {
        var values = ParamValues.Resolve(Spec, Given(("dataset", "churn"), ("epochs", "+20"), ("lr", "1e-1"), ("deploy", "TRUE")));

        Assert.Equal(["lr", "epochs", "dataset", "deploy", "note"], values.Keys);
        Assert.Equal("0.1", values["lr"]);
        Assert.Equal("20", values["epochs"]);
        Assert.Equal("churn", values["dataset"]);
        Assert.Equal("true", values["deploy"]);
        Assert.Equal("hello", values["note"]);
    }

    [Fact]
    public void Defaults_alone_fill_everything_but_required_params()
    {
        var values = ParamValues.Resolve(Spec, Given(("dataset", "")));
        Assert.Equal("0.01", values["lr"]);
        Assert.Equal("10", values["epochs"]);
        Assert.Equal("", values["dataset"]);
        Assert.Equal("false", values["deploy"]);
    }

    [Fact]
    public void Every_problem_is_listed_one_per_line()
    {
        var e = Assert.Throws<SlipwayException>(() => ParamValues.Resolve(Spec, Given(("lr", "abc"), ("epochs", "1.5"), ("deploy", "yes"), ("sneaky", "1"), ("also", "2"))));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Equal(
            [
                "unknown param 'also' (declared: lr, epochs, dataset, deploy, note)",
                "unknown param 'sneaky' (declared: lr, epochs, dataset, deploy, note)",
                "param 'lr' expects a float; got 'abc'",
                "param 'epochs' expects an int; got '1.5'",
                "param 'dataset' is required: it has no default, so give a value (string)",
                "param 'deploy' expects a bool; got 'yes'",
            ],
            e.Message.Split('\n'));
    }

    [Fact]
    public void A_value_outside_the_choices_is_refused()
    {
        var e = Assert.Throws<SlipwayException>(() => ParamValues.Resolve(Spec, Given(("dataset", "d"), ("lr", "0.5"))));
        Assert.Equal("param 'lr' must be one of 0.01, 0.1, 1; got '0.5'", e.Message);

        Assert.Equal("1", ParamValues.Resolve(Spec, Given(("dataset", "d"), ("lr", "1.0")))["lr"]);
    }

    [Fact]
    public void A_pipeline_without_params_names_none()
    {
        var spec = Parse("name: p\nsteps:\n  a: {run: x}\n");
        var e = Assert.Throws<SlipwayException>(() => ParamValues.Resolve(spec, Given(("lr", "1"))));
        Assert.Equal("unknown param 'lr': pipeline 'p' declares no params", e.Message);
        Assert.Empty(ParamValues.Resolve(spec, Given()));
    }

    [Theory]
    [InlineData(ParamType.WholeNumber, " 42 ", "42")]
    [InlineData(ParamType.WholeNumber, "-7", "-7")]
    [InlineData(ParamType.Number, "1", "1")]
    [InlineData(ParamType.Number, "0.1", "0.1")]
    [InlineData(ParamType.Number, "1E3", "1000")]
    [InlineData(ParamType.Number, "-2.50", "-2.5")]
    [InlineData(ParamType.Boolean, "False", "false")]
    [InlineData(ParamType.Text, " as is ", " as is ")]
    public void Canonical_text_per_type(ParamType type, string text, string canonical)
    {
        Assert.True(ParamValues.TryCanonicalize(type, text, out var value));
        Assert.Equal(canonical, value);
    }

    [Theory]
    [InlineData(ParamType.WholeNumber, "1.0")]
    [InlineData(ParamType.WholeNumber, "1e3")]
    [InlineData(ParamType.WholeNumber, "99999999999999999999")]
    [InlineData(ParamType.Number, "NaN")]
    [InlineData(ParamType.Number, "Infinity")]
    [InlineData(ParamType.Number, "1,5")]
    [InlineData(ParamType.Boolean, "1")]
    [InlineData(ParamType.Boolean, "yes")]
    public void Wrong_types_do_not_canonicalize(ParamType type, string text) =>
        Assert.False(ParamValues.TryCanonicalize(type, text, out _));

    [Fact]
    public void Type_names_read_both_ways()
    {
        foreach (var type in Enum.GetValues<ParamType>())
        {
            Assert.True(ParamValues.TryParseTypeName(ParamValues.TypeName(type), out var back));
            Assert.Equal(type, back);
        }

        Assert.False(ParamValues.TryParseTypeName("double", out _));
    }
}
