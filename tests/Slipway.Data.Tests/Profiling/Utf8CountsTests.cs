using System.Text;
using Slipway.Core.Data.Profiles;
using Slipway.Data.Profiling;

namespace Slipway.Data.Tests.Profiling;

public sealed class Utf8CountsTests
{
    [Fact]
    public void Ranks_by_count_then_by_value_and_finds_the_ordinal_range()
    {
        var counts = new Utf8Counts();
        foreach (var value in new[] { "b", "é", "a", "c", "a", "b", "zz", "é", "", "a" })
        {
            counts.Add(Encoding.UTF8.GetBytes(value));
        }

        Assert.Equal(6, counts.Count);
        Assert.Equal([new ValueFrequency("a", 3), new ValueFrequency("b", 2), new ValueFrequency("é", 2)], counts.Top(3));
        Assert.Equal(6, counts.Top(20).Count);
        Assert.Empty(counts.Top(0));
        Assert.Equal(("", "é"), counts.Range());
    }

    [Fact]
    public void Counts_many_distinct_values_through_its_growth()
    {
        var counts = new Utf8Counts();
        for (var i = 0; i < 100_000; i++)
        {
            counts.Add(Encoding.UTF8.GetBytes("v" + (i % 40_000)));
        }

        Assert.Equal(40_000, counts.Count);
        Assert.Equal([new ValueFrequency("v0", 3), new ValueFrequency("v1", 3)], counts.Top(2));
    }
}
