namespace Slipway.Cli.Output;

/// <summary>The JSON result of <c>experiments create</c> and <c>experiments delete</c>.</summary>
internal sealed record ExperimentChange(string ExperimentId, string? Name, string LifecycleStage);
