using System.Text;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Profiling;

/// <summary>
/// How often each distinct UTF-8 value occurs, looked up by its bytes as the scan hands them over: no decoding and no
/// allocation for a value seen before, which halves the cost of counting a categorical column against a dictionary
/// of strings. Open addressing with linear probing; the hash (<see cref="HashCode"/>) is seeded per process, so crafted
/// values cannot be made to collide.
/// </summary>
internal sealed class Utf8Counts
{
    private int[] _slots = new int[64];
    private byte[][] _values = new byte[32][];
    private long[] _counts = new long[32];
    private int[] _hashes = new int[32];

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<byte> value)
    {
        var hashing = default(HashCode);
        hashing.AddBytes(value);
        var hash = hashing.ToHashCode();
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                Insert(slot, value, hash);
                return;
            }

            if (_hashes[entry] == hash && value.SequenceEqual(_values[entry]))
            {
                _counts[entry]++;
                return;
            }
        }
    }

    /// <summary>
    /// The <paramref name="count"/> most frequent values, most frequent first, ties in ordinal (code point) order;
    /// only these are decoded, which matters for a column of a million distinct values.
    /// </summary>
    public List<ValueFrequency> Top(int count)
    {
        // A heap of the best seen so far whose root is the weakest of them, so most values are turned away by one
        // comparison with the root.
        var best = new PriorityQueue<int, int>(count + 1, Comparer<int>.Create((a, b) => Rank(b, a)));
        for (var entry = 0; entry < Count && count > 0; entry++)
        {
            if (best.Count < count)
            {
                best.Enqueue(entry, entry);
            }
            else if (Rank(entry, best.Peek()) < 0)
            {
                best.EnqueueDequeue(entry, entry);
            }
        }

        var top = new List<ValueFrequency>(best.Count);
        while (best.TryDequeue(out var entry, out _))
        {
            top.Add(new ValueFrequency(Encoding.UTF8.GetString(_values[entry]), _counts[entry]));
        }

        top.Reverse();
        return top;
    }

    /// <summary>The smallest and largest value in ordinal (code point, which is UTF-8 byte) order.</summary>
    public (string Min, string Max)? Range()
    {
        if (Count == 0)
        {
            return null;
        }

        var (min, max) = (_values[0], _values[0]);
        for (var entry = 1; entry < Count; entry++)
        {
            var value = _values[entry];
            if (value.AsSpan().SequenceCompareTo(min) < 0)
            {
                min = value;
            }
            else if (value.AsSpan().SequenceCompareTo(max) > 0)
            {
                max = value;
            }
        }

        return (Encoding.UTF8.GetString(min), Encoding.UTF8.GetString(max));
    }

    /// <summary>Negative when entry <paramref name="a"/> ranks before <paramref name="b"/>: more frequent, or as frequent and smaller.</summary>
    private int Rank(int a, int b)
    {
        var byCount = _counts[b].CompareTo(_counts[a]);
        return byCount != 0 ? byCount : _values[a].AsSpan().SequenceCompareTo(_values[b]);
    }

    private void Insert(int slot, ReadOnlySpan<byte> value, int hash)
    {
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, Count * 2);
            Array.Resize(ref _counts, Count * 2);
            Array.Resize(ref _hashes, Count * 2);
        }

        _values[Count] = value.ToArray();
        _counts[Count] = 1;
        _hashes[Count] = hash;
        Count++;
        _slots[slot] = Count;

        // At most half the slots in use keeps probe sequences short.
        if (Count * 2 > _slots.Length)
        {
            _slots = new int[_slots.Length * 2];
            var mask = _slots.Length - 1;
            for (var entry = 0; entry < Count; entry++)
            {
                var free = _hashes[entry] & mask;
                while (_slots[free] != 0)
                {
                    free = (free + 1) & mask;
                }

                _slots[free] = entry + 1;
            }
        }
    }
}
