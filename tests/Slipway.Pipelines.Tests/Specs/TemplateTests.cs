using Slipway.Core.Errors;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Tests.Specs;

public class TemplateTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["params.lr"] = "0.01",
        ["matrix.depth"] = "4",
        ["inputs.raw"] = "/work/step/inputs/raw",
        ["outputs.model"] = "/work/step/outputs/model",
        ["pipeline.name"] = "churn",
        ["pipeline.run_id"] = "abc123",
        ["trigger.kind"] = "manual",
        ["trigger.detail"] = "",
        ["step.name"] = "train.2",
        ["steps.eval.metrics.val/acc"] = "0.9",
    };

    private static string Render(string text) => Template.Render(text, k => Values.GetValueOrDefault(k));

    [Theory]
    [InlineData("python train.py --lr ${{ params.lr }}", "python train.py --lr 0.01")]
    [InlineData("${{params.lr}}${{matrix.depth}}", "0.014")]
    [InlineData("a ${{   inputs.raw\t}} b ${{ outputs.model }}", "a /work/step/inputs/raw b /work/step/outputs/model")]
    [InlineData("${{ pipeline.name }}/${{ pipeline.run_id }}/${{ step.name }}", "churn/abc123/train.2")]
    [InlineData("[${{ trigger.kind }}][${{ trigger.detail }}]", "[manual][]")]
    [InlineData("acc=${{ steps.eval.metrics.val/acc }}", "acc=0.9")]
    [InlineData("no templates at all, $ { } {{ }}", "no templates at all, $ { } {{ }}")]
    [InlineData("", "")]
    [InlineData("${{ params.lr }}\n${{ params.lr }}", "0.01\n0.01")]
    public void Render_substitutes_every_template(string text, string expected) => Assert.Equal(expected, Render(text));

    [Fact]
    public void Render_names_a_reference_without_a_value()
    {
        var e = Assert.Throws<SlipwayException>(() => Render("python train.py --epochs ${{ params.epochs }}"));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("'params.epochs' has no value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void References_are_listed_once_in_order()
    {
        Assert.Equal(
            ["outputs.model", "params.lr", "steps.eval.metrics.loss"],
            Template.References("${{ outputs.model }} ${{params.lr}} ${{ steps.eval.metrics.loss }} ${{ params.lr }}"));
        Assert.Empty(Template.References("plain"));
    }

    [Theory]
    [InlineData("run ${{ params.lr", "unclosed '${{' at character 5")]
    [InlineData("run ${{ }}", "empty template at character 5")]
    [InlineData("${{ lr }}", "'lr' at character 1 is not something a template can refer to (expected params.<name>")]
    [InlineData("x ${{ steps.eval.status }}", "'steps.eval.status' at character 3 is not something a template can refer to")]
    [InlineData("${{ steps.train.outputs.model }}", "another step's output is passed as an input: declare 'inputs: {model: steps.train.outputs.model}'")]
    [InlineData("${{ params.lr + 1 }}", "'params.lr + 1' at character 1")]
    [InlineData("${{ pipeline.id }}", "'pipeline.id'")]
    [InlineData("${{ input.raw }}", "did you mean 'inputs.raw'?")]
    public void Malformed_templates_are_errors_naming_the_position(string text, string message)
    {
        var e = Assert.Throws<SlipwayException>(() => Template.References(text));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Throws<SlipwayException>(() => Render(text));
    }

    [Fact]
    public void HasTemplates_finds_the_opening()
    {
        Assert.True(Template.HasTemplates("a ${{ b"));
        Assert.False(Template.HasTemplates("a ${ b }"));
        Assert.False(Template.HasTemplates(null));
    }
}
