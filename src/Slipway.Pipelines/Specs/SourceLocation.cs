namespace Slipway.Pipelines.Specs;

/// <summary>A position in the pipeline file (1-based line and column), for messages that point at what is wrong.</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
