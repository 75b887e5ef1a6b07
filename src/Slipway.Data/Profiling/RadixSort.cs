namespace Slipway.Data.Profiling;

/// <summary>
/// Least-significant-digit radix sort of 64-bit keys, 11 bits a pass. Sorting is most of the cost of exact quantiles
/// and distinct counts; on a million keys this is several times faster than <see cref="Array.Sort(Array)"/>, and a
/// pass whose digit is the same in every key (the high bits of small integers, of dates) is skipped.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;

    /// <summary>Sorts <paramref name="keys"/> in place; <paramref name="scratch"/> is at least as long.</summary>
    public static void Sort(Span<ulong> keys, Span<ulong> scratch)
    {
        if (keys.Length < 2)
        {
            return;
        }

        var counts = new int[Passes * Buckets];
        foreach (var key in keys)
        {
            for (var pass = 0; pass < Passes; pass++)
            {
                counts[(pass * Buckets) + (int)((key >> (pass * DigitBits)) & (Buckets - 1))]++;
            }
        }

        var source = keys;
        var target = scratch[..keys.Length];
        for (var pass = 0; pass < Passes; pass++)
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
                var count = histogram[bucket];
                histogram[bucket] = offset;
                offset += count;
            }

            foreach (var key in source)
            {
                target[histogram[(int)((key >> shift) & (Buckets - 1))]++] = key;
            }

            var swap = source;
            source = target;
            target = swap;
        }

        if (source != keys)
        {
            source.CopyTo(keys);
        }
    }
}
