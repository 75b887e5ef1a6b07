using Slipway.Serving.Inference;

namespace Slipway.Serving.Deployments;

/// <summary>One prediction as the engine served it: what went in, what came out, which version answered and how fast.</summary>
public sealed record ServedCall(
    DeploymentPlan Deployment,
    string ModelName,
    long ModelVersion,
    string Route,
    string Protocol,
    InferenceRequest Request,
    IReadOnlyList<InferenceTensor>? Outputs,
    DateTimeOffset Timestamp,
    TimeSpan Latency,
    string? Error);
