namespace Slipway.Pipelines.Specs;

/// <summary>A file or directory the step writes (<see cref="Path"/>, relative to the step directory), stored as artifacts of the step's run under <c>outputs/&lt;name&gt;</c>.</summary>
public sealed record OutputSpec(string Name, string Path, SourceLocation Location);
