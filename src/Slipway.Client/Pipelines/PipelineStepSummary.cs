namespace Slipway.Client.Pipelines;

/// <summary>A declared step: its command (or built-in, such as <c>uses:validate-dataset</c>) and every step it waits for.</summary>
public sealed record PipelineStepSummary(string Name, string Action, IReadOnlyList<string> DependsOn);
