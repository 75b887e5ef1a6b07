using Slipway.Client.Logging;
using Slipway.Core.Tracking;

namespace Slipway.Client.Tests.Logging;

public sealed class LogBatchSplitterTests
{
    [Fact]
    public void Splits_2500_metrics_into_three_requests_of_at_most_1000()
    {
        var batches = LogBatchSplitter.Split(Metrics(2500), [], []).ToList();

        Assert.Equal([1000, 1000, 500], batches.Select(b => b.Metrics.Count));
    }

    [Fact]
    public void Splits_150_params_and_tags_into_two_requests_of_at_most_100()
    {
        var batches = LogBatchSplitter.Split([], Params(90), Tags(60)).ToList();

        Assert.Equal(2, batches.Count);
        Assert.All(batches, b => Assert.True(b.Params.Count + b.Tags.Count <= LogBatchLimits.MaxParamsAndTags));
        Assert.Equal(90, batches.Sum(b => b.Params.Count));
        Assert.Equal(60, batches.Sum(b => b.Tags.Count));
    }

    [Fact]
    public void Keeps_every_request_within_1000_values_when_metrics_share_it_with_params()
    {
        var batches = LogBatchSplitter.Split(Metrics(1000), Params(100), []).ToList();

        Assert.Equal(2, batches.Count);
        Assert.All(batches, b => Assert.True(b.Count <= LogBatchLimits.MaxEntities));
        Assert.Equal((900, 100), (batches[0].Metrics.Count, batches[0].Params.Count));
        Assert.Equal(100, batches[1].Metrics.Count);
    }

    [Fact]
    public void Keeps_the_order_of_each_kind()
    {
        var metrics = Metrics(2100);
        var tags = Tags(250);

        var batches = LogBatchSplitter.Split(metrics, [], tags).ToList();

        Assert.Equal(metrics, batches.SelectMany(b => b.Metrics));
        Assert.Equal(tags, batches.SelectMany(b => b.Tags));
    }

    [Fact]
    public void Sends_nothing_for_nothing() => Assert.Empty(LogBatchSplitter.Split([], [], []));

    [Fact]
    public void SplitAt_takes_metrics_then_params_then_tags()
    {
        var batch = new RunDataBatch(Metrics(2), Params(2), Tags(2));

        var (head, tail) = batch.SplitAt(3);

        Assert.Equal((2, 1, 0), (head.Metrics.Count, head.Params.Count, head.Tags.Count));
        Assert.Equal((0, 1, 2), (tail.Metrics.Count, tail.Params.Count, tail.Tags.Count));
    }

    internal static Metric[] Metrics(int count) => [.. Enumerable.Range(0, count).Select(i => new Metric("loss", i, 1_700_000_000_000 + i, i))];

    internal static Param[] Params(int count) => [.. Enumerable.Range(0, count).Select(i => new Param($"p{i}", $"{i}"))];

    internal static Tag[] Tags(int count) => [.. Enumerable.Range(0, count).Select(i => new Tag($"t{i}", $"{i}"))];
}
