using System.Globalization;
using Microsoft.AspNetCore.Http;
using Prometheus;
using Slipway.Server.Security;

namespace Slipway.Server.Serving;

/// <summary>
/// What /metrics shows of the inference endpoints' HTTP traffic. They are left out of prometheus-net's per-route
/// <c>http_requests_received_total</c> and <c>http_request_duration_seconds</c>: looking up those labelled children
/// costs about 4 % of the server's time on a one-row prediction, and the serving metrics
/// already count every prediction (<c>slipway_inference_requests_total</c>, <c>slipway_inference_duration_seconds</c>,
/// <c>slipway_inference_errors_total</c>, by deployment, version and route). What those miss, requests refused before a
/// model was reached (a malformed body, an unknown deployment, one still loading), is counted here by status code.
/// </summary>
public static class InferenceHttpMetrics
{
    public static Counter Refused { get; } = Metrics.CreateCounter(
        "slipway_inference_http_errors_total",
        "Inference requests over HTTP answered with an error status (the body malformed, the deployment unknown or loading, the model failing), by status code.",
        ["code"]);

    /// <summary>Whether the request went to an endpoint that invokes models (the inference protocols over HTTP and gRPC).</summary>
    public static bool InvokesModels(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<AccessRequirement>() is { Access: Core.Security.Access.Invoke };

    public static void CountRefused(int status) => Refused.WithLabels(status.ToString(CultureInfo.InvariantCulture)).Inc();
}
