using System.Globalization;
using Slipway.Serving.Deployments;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Logging;

/// <summary>
/// One prediction as the inference log keeps it. Inputs and outputs stay in columnar form, one flat typed array per
/// tensor, as the protocols decoded them: a monitoring job reads a feature as a column without pivoting rows. A failed
/// prediction is logged too, with its <see cref="Error"/> and no outputs, so that error rates can be read from the log.
/// </summary>
/// <param name="RequestId">The caller's request id, or one the server made up when the caller sent none.</param>
/// <param name="Route">A <see cref="RouteNames"/> value: which target answered.</param>
/// <param name="Protocol">The protocol the request came in on, e.g. <c>v2-rest</c>, <c>v2-grpc</c>, <c>v1</c>, <c>mlflow</c>.</param>
/// <param name="Timestamp">When the request arrived. The log keeps it to the millisecond.</param>
/// <param name="LatencyMs">How long the prediction took, in milliseconds (fractions keep microseconds).</param>
/// <param name="Error">Why the prediction failed; null when it succeeded.</param>
public sealed record InferenceLogRecord(
    string RequestId,
    string WorkspaceId,
    string Deployment,
    string ModelName,
    string ModelVersion,
    string Route,
    string Protocol,
    DateTimeOffset Timestamp,
    double LatencyMs,
    string? Error,
    IReadOnlyList<InferenceTensor> Inputs,
    IReadOnlyList<InferenceTensor> Outputs)
{
    /// <summary>The <see cref="Status"/> of a prediction that succeeded.</summary>
    public const string StatusOk = "ok";

    /// <summary>The <see cref="Status"/> of a prediction that failed; <see cref="Error"/> says why.</summary>
    public const string StatusError = "error";

    public string Status => Error is null ? StatusOk : StatusError;

    /// <summary>The record of a call the engine served; a request without an id gets a fresh one so events stay unique.</summary>
    public static InferenceLogRecord From(ServedCall served)
    {
        ArgumentNullException.ThrowIfNull(served);
        return new InferenceLogRecord(
            served.Request.Id ?? RequestIds.New(),
            served.Deployment.WorkspaceId,
            served.Deployment.Name,
            served.ModelName,
            served.ModelVersion.ToString(CultureInfo.InvariantCulture),
            served.Route,
            served.Protocol,
            served.Timestamp,
            served.Latency.TotalMilliseconds,
            served.Error,
            served.Request.Inputs,
            served.Error is null ? served.Outputs ?? [] : []);
    }
}
