using Slipway.Core.Errors;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Tests.Specs;

public class ConditionTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["params.lr"] = "0.01",
        ["params.name"] = "resnet",
        ["params.deploy"] = "true",
        ["params.off"] = "false",
        ["params.zero"] = "0",
        ["params.empty"] = "",
        ["params.ten"] = "10",
        ["params.nine"] = "9",
        ["matrix.depth"] = "4",
        ["steps.eval.metrics.accuracy"] = "0.93",
        ["steps.eval.metrics.val/loss-top.1"] = "0.2",
        ["steps.eval.status"] = "succeeded",
        ["trigger.kind"] = "schedule",
        ["trigger.detail"] = "0 3 * * *",
    };

    private static bool Eval(string text) => Condition.Parse(text).Evaluate(k => Values.GetValueOrDefault(k));

    [Theory]
    [InlineData("steps.eval.metrics.accuracy >= 0.9", true)]
    [InlineData("steps.eval.metrics.accuracy > 0.93", false)]
    [InlineData("steps.eval.metrics.accuracy == 0.930", true)]
    [InlineData("steps.eval.metrics.accuracy != 0.93", false)]
    [InlineData("steps.eval.metrics.accuracy < 1", true)]
    [InlineData("steps.eval.metrics.accuracy <= 0.93", true)]
    [InlineData("params.ten > params.nine", true)]
    [InlineData("params.ten > 9.5", true)]
    [InlineData("params.lr == 1e-2", true)]
    [InlineData("matrix.depth == 4", true)]
    [InlineData("-1 < 0", true)]
    [InlineData("steps.eval.metrics.val/loss-top.1 < 0.5", true)]
    public void Numbers_compare_numerically(string text, bool expected) => Assert.Equal(expected, Eval(text));

    [Theory]
    [InlineData("params.ten > '9'", true)]
    [InlineData("'10' > '9'", true)]
    [InlineData("'abc' < 'abd'", true)]
    [InlineData("params.name == 'resnet'", true)]
    [InlineData("params.name == \"resnet\"", true)]
    [InlineData("params.name != 'resnet'", false)]
    [InlineData("params.name > 'Resnet'", true)]
    [InlineData("params.name == 'ResNet'", false)]
    [InlineData("steps.eval.status == 'succeeded'", true)]
    [InlineData("trigger.kind == 'schedule'", true)]
    [InlineData("trigger.detail == '0 3 * * *'", true)]
    [InlineData("'10' > 'abc'", false)]
    [InlineData("'it''s' == \"it's\"", true)]
    [InlineData("\"a\\\"b\" == 'a\"b'", true)]
    public void Texts_compare_ordinally_unless_both_are_numbers(string text, bool expected) => Assert.Equal(expected, Eval(text));

    [Theory]
    [InlineData("params.deploy == true", true)]
    [InlineData("params.deploy == 'TRUE'", true)]
    [InlineData("params.off == false", true)]
    [InlineData("params.off != true", true)]
    [InlineData("true > false", true)]
    public void Booleans_compare_as_booleans(string text, bool expected) => Assert.Equal(expected, Eval(text));

    [Theory]
    [InlineData("params.deploy", true)]
    [InlineData("params.off", false)]
    [InlineData("params.zero", false)]
    [InlineData("params.empty", false)]
    [InlineData("params.name", true)]
    [InlineData("params.lr", true)]
    [InlineData("0.0", false)]
    [InlineData("'0'", false)]
    [InlineData("'false'", false)]
    [InlineData("'no'", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void A_lone_value_is_truthy_or_not(string text, bool expected) => Assert.Equal(expected, Eval(text));

    [Theory]
    [InlineData("params.deploy && params.off", false)]
    [InlineData("params.deploy and params.name == 'resnet'", true)]
    [InlineData("params.deploy || params.off", true)]
    [InlineData("params.off or params.zero", false)]
    [InlineData("!params.off", true)]
    [InlineData("not params.deploy", false)]
    [InlineData("!params.name == 'resnet'", false)]
    [InlineData("not params.name == 'other'", true)]
    [InlineData("!!params.deploy", true)]
    [InlineData("params.off || params.deploy && params.zero", false)]
    [InlineData("(params.off || params.deploy) && params.name", true)]
    [InlineData("params.deploy || params.off && params.zero", true)]
    [InlineData("!(params.off || params.zero)", true)]
    [InlineData("${{ params.deploy && steps.eval.metrics.accuracy > 0.9 }}", true)]
    [InlineData("  ${{params.off}}  ", false)]
    public void Boolean_operators_combine(string text, bool expected) => Assert.Equal(expected, Eval(text));

    [Fact]
    public void And_and_or_stop_early_so_the_right_side_is_not_looked_up()
    {
        Assert.False(Eval("params.off && steps.missing.metrics.x > 1"));
        Assert.True(Eval("params.deploy || steps.missing.metrics.x > 1"));
    }

    [Fact]
    public void A_value_that_is_not_set_is_an_error_naming_it()
    {
        var e = Assert.Throws<SlipwayException>(() => Eval("steps.eval.metrics.f1 > 0.5"));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("'steps.eval.metrics.f1' is not set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void References_and_referenced_steps_are_listed_once_in_order()
    {
        var condition = Condition.Parse("steps.eval.metrics.accuracy > params.min && (steps.eval.status == 'succeeded' || steps.train.metrics.loss < 1) && params.min > 0");

        Assert.Equal(["steps.eval.metrics.accuracy", "params.min", "steps.eval.status", "steps.train.metrics.loss"], condition.References);
        Assert.Equal(["eval", "train"], condition.ReferencedSteps);
        Assert.Equal("steps.eval.metrics.accuracy > params.min && (steps.eval.status == 'succeeded' || steps.train.metrics.loss < 1) && params.min > 0", condition.Text);
    }

    [Theory]
    [InlineData("", "the condition is empty (at character 1)")]
    [InlineData("params.a ==", "expected a value, got end of the condition (at character 12)")]
    [InlineData("params.a = 1", "use '==' to compare (at character 10)")]
    [InlineData("params.a & params.b", "use '&&' (or 'and') (at character 10)")]
    [InlineData("params.a | params.b", "use '||' (or 'or') (at character 10)")]
    [InlineData("(params.a", "expected ')' to close the '(' at character 1, got end of the condition (at character 10)")]
    [InlineData("params.a)", "unexpected ')': expected '&&', '||' or the end (at character 9)")]
    [InlineData("params.a params.b", "unexpected 'params.b'")]
    [InlineData("1 < params.a < 3", "comparisons do not chain")]
    [InlineData("params.a == 'abc", "unclosed ' string (at character 13)")]
    [InlineData("deploy", "'deploy' is not something a condition can refer to (quote text ('deploy')")]
    [InlineData("params.a == yes", "'yes' is not something a condition can refer to")]
    [InlineData("inputs.model", "'inputs.model' is not something a condition can refer to (expected params.<name>")]
    [InlineData("pipeline.name == 'x'", "'pipeline.name' is not something a condition can refer to")]
    [InlineData("steps.train.outputs.model", "another step's output is passed as an input")]
    [InlineData("steps.train.metric.loss < 1", "metrics are steps.<step>.metrics.<key>")]
    [InlineData("param.lr > 1", "did you mean 'params.lr'?")]
    [InlineData("params.a == 1.2.3", "'1.2.3' is not a number (at character 13)")]
    [InlineData("params.a == #", "unexpected '#' (at character 13)")]
    [InlineData("!", "expected a value, got end of the condition (at character 2)")]
    [InlineData("${{ }}", "the condition is empty (at character 1)")]
    public void Malformed_conditions_name_the_position(string text, string message)
    {
        var e = Assert.Throws<SlipwayException>(() => Condition.Parse(text));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.StartsWith($"invalid condition '{text}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_and_truthiness_are_public_rules()
    {
        Assert.Equal(0, Condition.Compare("1", "1.0"));
        Assert.Equal(1, Condition.Compare("10", "9"));
        Assert.Equal(-1, Condition.Compare("10", "9a"));
        Assert.Equal(0, Condition.Compare("True", "true"));
        Assert.True(Condition.IsTruthy("-1"));
        Assert.False(Condition.IsTruthy("FALSE"));
    }
}
