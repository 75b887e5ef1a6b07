using Slipway.Core.Tracking;

namespace Slipway.Pipelines.Orchestration;

/// <summary>How a built-in step ended: whether it succeeded, a sentence for the step's message, and metrics for its run.</summary>
public sealed record BuiltInResult(bool Succeeded, string Message, IReadOnlyList<Metric> Metrics);
