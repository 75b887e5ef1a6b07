using Slipway.Cli.Commands.Data;

namespace Slipway.Client.Tests.Datasets;

public sealed class DataFormatTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1000, "1.0 kB")]
    [InlineData(5_200_000, "5.2 MB")]
    [InlineData(999_999, "1.0 MB")]
    [InlineData(1_300_000_000, "1.3 GB")]
    public void Sizes_use_decimal_units(long bytes, string expected)
    {
        Assert.Equal(expected, DataFormat.Bytes(bytes));
    }

    [Theory]
    [InlineData(0, "0%")]
    [InlineData(0.0004, "<0.1%")]
    [InlineData(0.125, "12.5%")]
    [InlineData(1, "100%")]
    public void Ratios_read_as_percentages(double ratio, string expected)
    {
        Assert.Equal(expected, DataFormat.Percent(ratio));
    }
}
