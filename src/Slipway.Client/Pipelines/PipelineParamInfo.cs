namespace Slipway.Client.Pipelines;

/// <summary>A declared param: its type (<c>string</c>, <c>int</c>, <c>float</c>, <c>bool</c>) and default (null: required at launch).</summary>
public sealed record PipelineParamInfo(string Name, string Type, string? Default, string? Description);
