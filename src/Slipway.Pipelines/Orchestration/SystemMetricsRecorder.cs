using System.Globalization;
using System.Threading.Channels;
using Slipway.Core.Tracking;
using Slipway.Pipelines.Execution;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Logs a running step's CPU, memory and GPU samples as metrics of its run, under MLflow's system-metric names
/// (<c>system/cpu_utilization_percentage</c>, <c>system/gpu_0_utilization_percentage</c>, ...), one step number per
/// sample. Samples arrive on the executor's thread and are written from a queue, so a slow store never stalls sampling.
/// </summary>
public sealed class SystemMetricsRecorder : IAsyncDisposable
{
    private const double Mebibyte = 1024 * 1024;

    private readonly Channel<SystemSample> _samples = Channel.CreateBounded<SystemSample>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Task _writer;

    public SystemMetricsRecorder(TrackingService tracking, string workspaceId, string runId)
    {
        _writer = Task.Run(() => WriteAsync(tracking, workspaceId, runId));
    }

    /// <summary>The callback to hand the executor.</summary>
    public void Record(SystemSample sample) => _samples.Writer.TryWrite(sample);

    public static IReadOnlyList<Metric> ToMetrics(SystemSample sample, long step)
    {
        var metrics = new List<Metric>(2 + (sample.Gpus.Count * 2))
        {
            new("system/cpu_utilization_percentage", Math.Round(sample.CpuPercent, 2), sample.Timestamp, step),
            new("system/memory_usage_megabytes", Math.Round(sample.MemoryBytes / Mebibyte, 2), sample.Timestamp, step),
        };
        foreach (var gpu in sample.Gpus)
        {
            var prefix = "system/gpu_" + gpu.Index.ToString(CultureInfo.InvariantCulture);
            metrics.Add(new(prefix + "_utilization_percentage", gpu.UtilizationPercent, sample.Timestamp, step));
            metrics.Add(new(prefix + "_memory_usage_megabytes", Math.Round(gpu.MemoryUsedBytes / Mebibyte, 2), sample.Timestamp, step));
        }

        return metrics;
    }

    public async ValueTask DisposeAsync()
    {
        _samples.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync(TrackingService tracking, string workspaceId, string runId)
    {
        long step = 0;
        await foreach (var sample in _samples.Reader.ReadAllAsync())
        {
            try
            {
                await tracking.LogBatchAsync(workspaceId, runId, ToMetrics(sample, step++), [], []);
            }
            catch (Exception e) when (e is Core.Errors.SlipwayException or IOException or InvalidOperationException)
            {
                // A lost sample is not worth failing the step over (the run may have been deleted under it).
            }
        }
    }
}
