using Slipway.Cli.Commands.Data;

namespace Slipway.Client.Tests.Datasets;

public sealed class GraceDurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h", 3600)]
    [InlineData("2d", 172_800)]
    [InlineData("1h30m", 5400)]
    [InlineData("0s", 0)]
    [InlineData("01:00:00", 3600)]
    public void Durations_read_as_people_type_them(string text, int seconds)
    {
        Assert.True(GraceDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("1 hour")]
    [InlineData("h")]
    [InlineData("-1h")]
    [InlineData("5")]
    [InlineData("")]
    public void Other_text_is_not_a_duration(string text)
    {
        Assert.False(GraceDuration.TryParse(text, out _));
    }
}
