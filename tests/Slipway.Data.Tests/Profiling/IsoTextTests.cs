using Slipway.Data.Profiling;

namespace Slipway.Data.Tests.Profiling;

public sealed class IsoTextTests
{
    [Theory]
    [InlineData(0, "1970-01-01")]
    [InlineData(-1, "1969-12-31")]
    [InlineData(19_782, "2024-02-29")]
    [InlineData(-719_528, "0000-01-01")]
    [InlineData(2_932_897, "+10000-01-01")]
    [InlineData(-719_529, "-0001-12-31")]
    [InlineData(int.MaxValue, "infinity")]
    public void Dates_are_ISO_8601_beyond_DateTime_range(long days, string text) => Assert.Equal(text, IsoText.Date(days));

    [Theory]
    [InlineData(0, false, "1970-01-01T00:00:00")]
    [InlineData(-1, false, "1969-12-31T23:59:59.999999")]
    [InlineData(1_704_164_645_250_000, true, "2024-01-02T03:04:05.25Z")]
    [InlineData(long.MaxValue, false, "infinity")]
    public void Timestamps_are_ISO_8601_with_trimmed_fractions(long micros, bool utc, string text) =>
        Assert.Equal(text, IsoText.Timestamp(micros, utc));
}
