using Slipway.Core.Errors;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Tests.Specs;

public class SpecUnitsTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("10m", 600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h0m5s250ms", 3_605_250)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("45", 45_000)]
    [InlineData("0.25", 250)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void Durations_parse(string text, long milliseconds)
    {
        Assert.True(SpecUnits.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SpecUnits.ParseDuration(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("-5s")]
    [InlineData("1h 30m")]
    [InlineData("10M")]
    [InlineData(".5s")]
    [InlineData("5.s")]
    [InlineData("1h30")]
    [InlineData("99999999999d")]
    public void Bad_durations_do_not_parse(string text)
    {
        Assert.False(SpecUnits.TryParseDuration(text, out _));
        var e = Assert.Throws<SlipwayException>(() => SpecUnits.ParseDuration(text));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains($"got '{text}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("512Mi", 512L * 1024 * 1024)]
    [InlineData("4Gi", 4L * 1024 * 1024 * 1024)]
    [InlineData("1G", 1_000_000_000L)]
    [InlineData("500M", 500_000_000L)]
    [InlineData("1024", 1024L)]
    [InlineData("2Ti", 2L * 1024 * 1024 * 1024 * 1024)]
    [InlineData("1Ki", 1024L)]
    [InlineData("1k", 1000L)]
    [InlineData("1.5Gi", 1536L * 1024 * 1024)]
    [InlineData("4GiB", 4L * 1024 * 1024 * 1024)]
    [InlineData("100B", 100L)]
    [InlineData("0", 0L)]
    public void Memory_sizes_parse(string text, long bytes)
    {
        Assert.True(SpecUnits.TryParseMemory(text, out var value));
        Assert.Equal(bytes, value);
        Assert.Equal(bytes, SpecUnits.ParseMemory(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Gi")]
    [InlineData("4 Gi")]
    [InlineData("4gi")]
    [InlineData("4Xi")]
    [InlineData("-1Gi")]
    [InlineData("four")]
    [InlineData("99999999Ei")]
    public void Bad_memory_sizes_do_not_parse(string text)
    {
        Assert.False(SpecUnits.TryParseMemory(text, out _));
        Assert.Contains($"got '{text}'", Assert.Throws<SlipwayException>(() => SpecUnits.ParseMemory(text)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("0.5", 0.5)]
    [InlineData("500m", 0.5)]
    [InlineData("1500m", 1.5)]
    [InlineData("16", 16)]
    public void Cpu_counts_parse(string text, double cores)
    {
        Assert.True(SpecUnits.TryParseCpu(text, out var value));
        Assert.Equal(cores, value);
        Assert.Equal(cores, SpecUnits.ParseCpu(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("0.5m")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("2 cores")]
    public void Bad_cpu_counts_do_not_parse(string text)
    {
        Assert.False(SpecUnits.TryParseCpu(text, out _));
        Assert.Contains($"got '{text}'", Assert.Throws<SlipwayException>(() => SpecUnits.ParseCpu(text)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    [InlineData(90_061_001, "1d1h1m1s1ms")]
    public void Durations_format_back(long milliseconds, string text)
    {
        Assert.Equal(text, SpecUnits.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SpecUnits.ParseDuration(text));
    }
}
