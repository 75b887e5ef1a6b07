using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Tests.Sql;

public sealed class MetricStepSamplerTests
{
    [Fact]
    public void Sample_keeps_every_step_when_there_are_no_more_than_max_results()
    {
        long[] steps = [1, 5, 9];

        Assert.Equal(steps, MetricStepSampler.Sample(steps, 3));
    }

    [Theory]
    [InlineData(1000, 10)]
    [InlineData(11, 10)]
    [InlineData(3, 2)]
    [InlineData(500, 7)]
    public void Sample_returns_at_most_max_results_distinct_steps_including_first_and_last(int count, int maxResults)
    {
        var steps = Enumerable.Range(0, count).Select(i => (long)i * 3).ToArray();

        var sampled = MetricStepSampler.Sample(steps, maxResults);

        Assert.Equal(maxResults, sampled.Count);
        Assert.Equal(steps[0], sampled[0]);
        Assert.Equal(steps[^1], sampled[^1]);
        Assert.Equal(sampled.Distinct().Order(), sampled);
    }

    [Fact]
    public void StepsForRun_adds_the_runs_own_first_and_last_step_to_the_shared_sample()
    {
        long[] runSteps = [2, 4, 6, 8, 10, 12];

        var chosen = MetricStepSampler.StepsForRun(runSteps, new HashSet<long> { 0, 6, 20 }, 10);

        Assert.Equal([2L, 6, 12], chosen);
    }
}
