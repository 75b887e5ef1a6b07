using Prometheus;
using Slipway.Serving.Logging;

namespace Slipway.Server.Serving;

/// <summary>
/// The inference log's counters on <c>/metrics</c>, read from the writer when Prometheus scrapes, so the response path
/// pays nothing for them: records written, dropped because the buffer was full, lost to store failures, waiting, and
/// CloudEvents sent or failed.
/// </summary>
public static class InferenceLogMetrics
{
    private static readonly Counter Written = Metrics.CreateCounter("slipway_inference_log_written_total", "Inference log records stored.");
    private static readonly Counter Dropped = Metrics.CreateCounter(
        "slipway_inference_log_dropped_total", "Inference log records dropped because the in-memory buffer was full (the response was never delayed).");
    private static readonly Counter Failed = Metrics.CreateCounter("slipway_inference_log_failed_total", "Inference log records lost because the store failed.");
    private static readonly Gauge Queued = Metrics.CreateGauge("slipway_inference_log_queue_depth", "Inference log records waiting to be stored.");
    private static readonly Counter EventsSent = Metrics.CreateCounter("slipway_inference_log_events_sent_total", "Inference log records delivered to deployment webhooks as CloudEvents.");
    private static readonly Counter EventsFailed = Metrics.CreateCounter("slipway_inference_log_events_failed_total", "Inference log records that could not be delivered to deployment webhooks.");

    public static void Observe(InferenceLogWriter writer, CloudEventsSink? sink)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            Written.IncTo(writer.Written);
            Dropped.IncTo(writer.Dropped);
            Failed.IncTo(writer.Failed);
            Queued.Set(writer.QueueDepth);
            if (sink is not null)
            {
                EventsSent.IncTo(sink.Sent);
                EventsFailed.IncTo(sink.Failed + sink.Dropped);
            }
        });
    }
}
