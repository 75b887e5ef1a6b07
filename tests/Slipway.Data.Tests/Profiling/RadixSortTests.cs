using Slipway.Data.Profiling;

namespace Slipway.Data.Tests.Profiling;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(5_000, 0)]
    [InlineData(100_000, 1)]
    [InlineData(100_000, 2)]
    [InlineData(100_000, 3)]
    public void Sorts_as_Array_Sort_does(int length, int shape)
    {
        var random = new Random(length + shape);
        var keys = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            keys[i] = shape switch
            {
                // Integers of both signs close together, as the profiler encodes them (sign bit flipped).
                1 => (ulong)random.NextInt64(-5_000, 5_000) ^ (1UL << 63),
                2 => 42,
                3 => (ulong)random.Next(0, 3) << 62,
                _ => (ulong)random.NextInt64(long.MinValue, long.MaxValue),
            };
        }

        var expected = keys.Order().ToArray();

        RadixSort.Sort(keys, new ulong[length]);

        Assert.Equal(expected, keys);
    }
}
