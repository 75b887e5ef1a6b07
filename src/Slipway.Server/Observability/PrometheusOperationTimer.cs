using Prometheus;
using Slipway.Core.Diagnostics;

namespace Slipway.Server.Observability;

/// <summary>Exports store operation timings as the Prometheus histogram <c>slipway_store_operation_duration_seconds</c>.</summary>
public sealed class PrometheusOperationTimer : IOperationTimer
{
    private static readonly Histogram Durations = Metrics.CreateHistogram(
        "slipway_store_operation_duration_seconds",
        "Time spent in metadata store operations, by operation.",
        new HistogramConfiguration
        {
            LabelNames = ["operation"],
            Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16),
        });

    public IDisposable Start(string operation) => Durations.WithLabels(operation).NewTimer();
}
