using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Tests.Specs;

internal static class SpecTestHelpers
{
    public const string File = "slipway.yaml";

    public static PipelineSpec Parse(string yaml) => PipelineSpecParser.Parse(yaml, File);

    public static PipelineSpecException Fails(string yaml) =>
        Assert.Throws<PipelineSpecException>(() => PipelineSpecParser.Parse(yaml, File));

    /// <summary>Asserts the file fails with exactly one error and returns it.</summary>
    public static SpecError SingleError(string yaml)
    {
        var e = Fails(yaml);
        return Assert.Single(e.Errors);
    }

    /// <summary>Asserts one error at the position and field whose message contains the text.</summary>
    public static void HasError(PipelineSpecException e, int line, int column, string field, string message)
    {
        Assert.True(
            e.Errors.Any(x => x.Location == new SourceLocation(line, column) && x.Field == field && x.Message.Contains(message, StringComparison.Ordinal)),
            $"expected {line}:{column} {field}: ...{message}...; got:\n{e.Message}");
    }
}
