using System.Globalization;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Profiling;

/// <summary>
/// Integer, float, date and timestamp columns. Every non-missing value is kept as a 64-bit key that sorts in the
/// value's order; once sorted, the exact minimum, maximum, distinct count, quantiles and histogram are read off the
/// keys in one pass. NaN counts as missing (as in pandas); infinities are values, in the minimum, maximum and
/// distinct count, but outside the numeric summary, which covers the finite values only.
/// </summary>
internal sealed class OrderedColumnAccumulator(EngineColumn column) : ColumnAccumulator(column)
{
    private const ulong SignBit = 1UL << 63;
    private readonly KeyBlocks _keys = new();
    private bool _doubles;

    public override void Add(IArrowArray values)
    {
        var keys = _keys.Reserve(values.Length);
        var written = 0;
        switch (values)
        {
            case DoubleArray doubles:
                _doubles = true;
                var hasNaN = false;
                foreach (var value in doubles.Values)
                {
                    // Null slots hold some value too; they are dropped below, with NaN, by the validity bitmap.
                    hasNaN |= double.IsNaN(value);
                    var bits = BitConverter.DoubleToUInt64Bits(value == 0 ? 0.0 : value);
                    keys[written++] = (bits & SignBit) == 0 ? bits | SignBit : ~bits;
                }

                written = DropMissing(keys, doubles, hasNaN ? doubles.Values : default);
                break;
            case Int64Array longs:
                foreach (var value in longs.Values)
                {
                    keys[written++] = (ulong)value ^ SignBit;
                }

                written = DropMissing(keys, longs, default);
                break;
            case Date32Array dates:
                foreach (var value in dates.Values)
                {
                    keys[written++] = (ulong)(long)value ^ SignBit;
                }

                written = DropMissing(keys, dates, default);
                break;
            default:
                throw Unexpected(values);
        }

        _keys.Commit(written);
    }

    public override ColumnProfile Build(long rows, int histogramBins, int topValues, SortBuffers buffers)
    {
        if (_keys.Count == 0)
        {
            return Profile(rows, 0, null, null);
        }

        var keys = _keys.SortedKeys(buffers);
        var distinct = 1L;
        for (var i = 1; i < keys.Length; i++)
        {
            distinct += keys[i] != keys[i - 1] ? 1 : 0;
        }

        return _doubles ? BuildDoubles(rows, distinct, keys, histogramBins) : BuildLongs(rows, distinct, keys, histogramBins);
    }

    /// <summary>
    /// Removes the keys of null slots (and of NaN, when <paramref name="doubles"/> is given: the batch holds some) by
    /// compacting in place; returns how many keys remain. A batch without either is left as it is.
    /// </summary>
    private int DropMissing(Span<ulong> keys, IArrowArray array, ReadOnlySpan<double> doubles)
    {
        var hasNaN = !doubles.IsEmpty;
        if (array.NullCount == 0 && !hasNaN)
        {
            return keys.Length;
        }

        var validity = array.NullCount > 0 ? array.Data.Buffers[0].Span : default;
        var kept = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if ((validity.IsEmpty || BitUtility.GetBit(validity, array.Offset + i)) && !(hasNaN && double.IsNaN(doubles[i])))
            {
                keys[kept++] = keys[i];
            }
        }

        MissingCount += keys.Length - kept;
        return kept;
    }
    private ColumnProfile BuildLongs(long rows, long distinct, Span<ulong> keys, int bins)
    {
        var min = (long)(keys[0] ^ SignBit);
        var max = (long)(keys[^1] ^ SignBit);
        switch (Column.Kind)
        {
            case ColumnKind.Date:
                return Profile(rows, distinct, IsoText.Date(min), IsoText.Date(max));
            case ColumnKind.Timestamp:
                return Profile(rows, distinct, IsoText.Timestamp(min, Column.TimeZone), IsoText.Timestamp(max, Column.TimeZone));
        }

        // The integers become doubles in place (same width) for the summary; their mean is taken exactly first.
        Int128 sum = 0;
        var values = MemoryMarshal.Cast<ulong, double>(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            var value = (long)(keys[i] ^ SignBit);
            sum += value;
            values[i] = value;
        }

        return Profile(rows, distinct, min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture)) with
        {
            Numeric = NumericSummaries.FromSorted(values, (double)sum / values.Length, bins),
        };
    }

    private ColumnProfile BuildDoubles(long rows, long distinct, Span<ulong> keys, int bins)
    {
        var values = MemoryMarshal.Cast<ulong, double>(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            values[i] = BitConverter.UInt64BitsToDouble((key & SignBit) != 0 ? key ^ SignBit : ~key);
        }

        var finite = values;
        while (finite.Length > 0 && double.IsNegativeInfinity(finite[0]))
        {
            finite = finite[1..];
        }

        while (finite.Length > 0 && double.IsPositiveInfinity(finite[^1]))
        {
            finite = finite[..^1];
        }

        return Profile(rows, distinct, Text(values[0]), Text(values[^1])) with
        {
            Numeric = finite.IsEmpty ? null : NumericSummaries.FromSorted(finite, null, bins),
        };
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
