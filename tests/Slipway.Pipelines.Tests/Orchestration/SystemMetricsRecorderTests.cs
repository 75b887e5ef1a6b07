using Slipway.Pipelines.Execution;
using Slipway.Pipelines.Orchestration;

namespace Slipway.Pipelines.Tests.Orchestration;

public sealed class SystemMetricsRecorderTests
{
    [Fact]
    public void A_sample_becomes_mlflow_system_metrics_with_one_pair_per_gpu()
    {
        var sample = new SystemSample(1_700_000_000_000, 153.456, 512L * 1024 * 1024, [new GpuSample(0, 97, 1024L * 1024 * 1024), new GpuSample(3, 12.5, 0)]);

        var metrics = SystemMetricsRecorder.ToMetrics(sample, 7);

        Assert.Equal(
            [
                ("system/cpu_utilization_percentage", 153.46),
                ("system/memory_usage_megabytes", 512),
                ("system/gpu_0_utilization_percentage", 97),
                ("system/gpu_0_memory_usage_megabytes", 1024),
                ("system/gpu_3_utilization_percentage", 12.5),
                ("system/gpu_3_memory_usage_megabytes", 0),
            ],
            metrics.Select(m => (m.Key, m.Value)));
        Assert.All(metrics, m => Assert.Equal((1_700_000_000_000L, 7L), (m.Timestamp, m.Step)));
    }
}
