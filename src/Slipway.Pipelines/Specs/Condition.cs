namespace Slipway.Pipelines.Specs;

/// <summary>A step's <c>when</c> condition as written (the parser that makes it evaluable lands with the spec parser).</summary>
public sealed class Condition(string text)
{
    public string Text { get; } = text;
}
