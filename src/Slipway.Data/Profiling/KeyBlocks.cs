using System.Buffers;

namespace Slipway.Data.Profiling;

/// <summary>
/// A column's sort keys as they arrive, in pooled blocks rather than one growing array, so the scan never copies what
/// it already holds and leaves no discarded arrays behind; <see cref="SortedKeys"/> gathers them once, to sort.
/// </summary>
internal sealed class KeyBlocks
{
    private const int BlockSize = 1 << 16;
    private readonly List<(ulong[] Keys, int Count)> _full = [];
    private ulong[] _current = [];
    private int _used;
    private long _total;

    public long Count => _total + _used;

    /// <summary>Room for <paramref name="count"/> more keys, which the caller writes, then commits as many as it wrote.</summary>
    public Span<ulong> Reserve(int count)
    {
        if (_used + count > _current.Length)
        {
            if (_used > 0)
            {
                _full.Add((_current, _used));
                _total += _used;
            }

            _current = ArrayPool<ulong>.Shared.Rent(Math.Max(BlockSize, count));
            _used = 0;
        }

        return _current.AsSpan(_used, count);
    }

    public void Commit(int count) => _used += count;

    /// <summary>Every key in ascending order, in <paramref name="buffers"/>; the blocks are released.</summary>
    public Span<ulong> SortedKeys(SortBuffers buffers)
    {
        var count = checked((int)Count);
        var (keys, scratch) = buffers.Rent(count);
        var at = 0;
        _full.Add((_current, _used));
        foreach (var (block, used) in _full)
        {
            block.AsSpan(0, used).CopyTo(keys.AsSpan(at));
            at += used;
            ArrayPool<ulong>.Shared.Return(block);
        }

        _full.Clear();
        _current = [];
        _used = 0;
        _total = 0;

        RadixSort.Sort(keys.AsSpan(0, count), scratch);
        return keys.AsSpan(0, count);
    }
}
