namespace Slipway.Client.Pipelines;

/// <summary>What an alert event did: the runs it started, and the pipelines whose trigger matched but that did not start, with why.</summary>
public sealed record AlertOutcome(IReadOnlyList<PipelineRunInfo> Started, IReadOnlyDictionary<string, string> Skipped);
