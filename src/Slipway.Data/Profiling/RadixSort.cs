using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Slipway.Data.Profiling;

/// <summary>
/// Least-significant-digit radix sort of 64-bit keys, 16 bits a pass. Sorting is most of the cost of exact quantiles
/// and distinct counts; on a million doubles this takes about 30 ms against 90-115 ms for
/// <see cref="Array.Sort(Array)"/> (11- and 13-bit digits measured 10-20 % slower here, 8-bit 25 %). Keys are sorted as
/// their distance from the smallest, and only on the digits that distance has: integers of either sign within 65,536
/// of each other, and dates within 179 years, take one pass instead of four.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 16;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;

    /// <summary>Sorts <paramref name="keys"/> in place; <paramref name="scratch"/> is at least as long.</summary>
    public static void Sort(Span<ulong> keys, Span<ulong> scratch)
    {
        if (keys.Length < 2)
        {
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(scratch.Length, keys.Length);
        var min = ulong.MaxValue;
        var max = ulong.MinValue;
        foreach (var key in keys)
        {
            min = Math.Min(min, key);
            max = Math.Max(max, key);
        }

        var passes = (64 - BitOperations.LeadingZeroCount(max - min) + DigitBits - 1) / DigitBits;
        if (passes == Passes)
        {
            // Every digit is needed anyway (doubles of both signs, say): subtracting the smallest key gains nothing.
            min = 0;
        }

        // The two inner loops index without bounds checks (about 15 % of the sort): a digit is below Buckets by its
        // mask, and each bucket's offsets stay below keys.Length because the counts were taken from the same keys.
        var counts = new int[Passes * Buckets];
        ref var count = ref counts[0];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i] - min;
            if (min != 0)
            {
                keys[i] = key;
            }

            for (var pass = 0; pass < passes; pass++)
            {
                Unsafe.Add(ref count, (pass * Buckets) + (int)((key >> (pass * DigitBits)) & (Buckets - 1)))++;
            }
        }

        var source = keys;
        var target = scratch[..keys.Length];
        for (var pass = 0; pass < passes; pass++)
        {
            var histogram = counts.AsSpan(pass * Buckets, Buckets);
            var shift = pass * DigitBits;
            if (histogram[(int)((source[0] >> shift) & (Buckets - 1))] == keys.Length)
            {
                continue;
            }

            var offset = 0;
            for (var bucket = 0; bucket < Buckets; bucket++)
            {
                var size = histogram[bucket];
                histogram[bucket] = offset;
                offset += size;
            }

            ref var offsets = ref MemoryMarshal.GetReference(histogram);
            ref var destination = ref MemoryMarshal.GetReference(target);
            foreach (var key in source)
            {
                ref var slot = ref Unsafe.Add(ref offsets, (int)((key >> shift) & (Buckets - 1)));
                Unsafe.Add(ref destination, slot++) = key;
            }

            var swap = source;
            source = target;
            target = swap;
        }

        if (min != 0 || source != keys)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = source[i] + min;
            }
        }
    }
}
