namespace Slipway.Serving.Deployments;

/// <summary>
/// Picks a target by weight: at random, or, when the request carries a sticky key, by a stable hash of it, so the
/// same caller keeps reaching the same version for as long as the weights stay the same.
/// </summary>
public static class TrafficSplit
{
    /// <param name="cumulative">Running sums of the targets' weights; the last is the total.</param>
    public static int Pick(ReadOnlySpan<int> cumulative, string? stickyKey)
    {
        var total = cumulative[^1];
        var ticket = stickyKey is null ? Random.Shared.Next(total) : (int)(StableHash(stickyKey) % (uint)total);
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (ticket < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }

    /// <summary>FNV-1a over the key's UTF-16 code units: the same on every replica and every run, unlike string.GetHashCode.</summary>
    public static uint StableHash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        // A final avalanche so keys that differ only in their last character spread over the whole range.
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6dU;
        hash ^= hash >> 12;
        return hash;
    }
}
