using Prometheus;

namespace Slipway.Serving.Deployments;

/// <summary>
/// The serving metrics Prometheus scrapes from <c>/metrics</c>. Request metrics carry the deployment, model, version
/// and route; the engine resolves each labelled child once per loaded target, not once per request.
/// </summary>
public static class ServingMetrics
{
    private static readonly string[] TargetLabels = ["workspace", "deployment", "model", "version", "route"];

    public static Counter Requests { get; } = Metrics.CreateCounter(
        "slipway_inference_requests_total", "Prediction requests answered, by deployment, model version and route.", TargetLabels);

    public static Counter Errors { get; } = Metrics.CreateCounter(
        "slipway_inference_errors_total",
        "Prediction requests that reached a model version and failed, by deployment, model version, route and kind (bad_input, failed).",
        [.. TargetLabels, "kind"]);

    public static Counter Rows { get; } = Metrics.CreateCounter(
        "slipway_inference_rows_total", "Rows predicted, by deployment, model version and route.", TargetLabels);

    public static Histogram Latency { get; } = Metrics.CreateHistogram(
        "slipway_inference_duration_seconds",
        "Time from a decoded request to its outputs (queueing for a batch included), by deployment, model version and route.",
        new HistogramConfiguration
        {
            LabelNames = TargetLabels,
            Buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        });

    public static Histogram BatchSize { get; } = Metrics.CreateHistogram(
        "slipway_inference_batch_rows",
        "Rows in each combined runtime call of a batching deployment.",
        new HistogramConfiguration { LabelNames = ["workspace", "deployment", "model", "version"], Buckets = Histogram.ExponentialBuckets(1, 2, 15) });

    public static Gauge QueueDepth { get; } = Metrics.CreateGauge(
        "slipway_inference_queue_depth", "Requests waiting for a batch.", ["workspace", "deployment", "model", "version"]);

    public static Gauge LoadSeconds { get; } = Metrics.CreateGauge(
        "slipway_model_load_seconds", "How long the model version took to fetch, load and warm up.", ["workspace", "deployment", "model", "version"]);

    public static Gauge LoadedModels { get; } = Metrics.CreateGauge(
        "slipway_models_loaded", "Model versions in memory, serving or draining.");
}
