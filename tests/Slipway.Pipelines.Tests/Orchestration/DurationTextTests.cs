using Slipway.Pipelines.Orchestration;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Tests.Orchestration;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(5_000, "5s")]
    [InlineData(150_000, "2m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(5_430_000, "1h30m30s")]
    public void Durations_read_the_way_the_spec_writes_them(long milliseconds, string text) =>
        Assert.Equal(text, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Retry_backoff_doubles_after_each_retry()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(5));

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)],
            Enumerable.Range(1, 4).Select(policy.DelayBefore));
    }
}
