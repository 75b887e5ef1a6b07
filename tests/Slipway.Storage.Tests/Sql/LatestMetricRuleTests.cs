using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Tests.Sql;

public sealed class LatestMetricRuleTests
{
    [Theory]
    [InlineData(1, 0, 5, 0, 10, 9, true)]
    [InlineData(0, 10, 9, 1, 0, 5, false)]
    [InlineData(1, 2, 0, 1, 1, 5, true)]
    [InlineData(1, 1, 6, 1, 1, 5, true)]
    [InlineData(1, 1, 5, 1, 1, 5, false)]
    public void A_value_is_newer_by_step_then_timestamp_then_value(long step, long time, double value, long otherStep, long otherTime, double otherValue, bool newer) =>
        Assert.Equal(newer, LatestMetricRule.IsNewer(new Metric("m", value, time, step), new Metric("m", otherValue, otherTime, otherStep)));

    [Fact]
    public void A_number_beats_NaN_at_the_same_step_and_timestamp()
    {
        Assert.True(LatestMetricRule.IsNewer(new Metric("m", -1, 1, 1), new Metric("m", double.NaN, 1, 1)));
        Assert.False(LatestMetricRule.IsNewer(new Metric("m", double.NaN, 1, 1), new Metric("m", -1, 1, 1)));
        Assert.True(LatestMetricRule.IsNewer(new Metric("m", double.NaN, 1, 2), new Metric("m", 5, 1, 1)));
    }
}
