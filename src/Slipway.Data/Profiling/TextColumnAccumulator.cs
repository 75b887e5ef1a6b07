using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Profiling;

/// <summary>
/// String columns, and columns of any other type read as their DuckDB text: each distinct value is counted, which
/// gives the exact distinct count and, for strings, the most frequent values and the ordinal minimum and maximum.
/// A value is decoded into a reused buffer and looked up as characters, so only a value not seen before allocates.
/// </summary>
internal sealed class TextColumnAccumulator(EngineColumn column) : ColumnAccumulator(column)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private char[] _buffer = new char[256];

    public override void Add(IArrowArray values)
    {
        if (values is not StringArray strings)
        {
            throw Unexpected(values);
        }

        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var offsets = strings.ValueOffsets;
        var data = strings.ValueBuffer.Span;
        var hasNulls = strings.NullCount > 0;
        for (var i = 0; i < strings.Length; i++)
        {
            if (hasNulls && strings.IsNull(i))
            {
                MissingCount++;
                continue;
            }

            var bytes = data[offsets[i]..offsets[i + 1]];
            if (bytes.Length > _buffer.Length)
            {
                _buffer = new char[Math.Max(bytes.Length, _buffer.Length * 2)];
            }

            var text = _buffer.AsSpan(0, Encoding.UTF8.GetChars(bytes, _buffer));
            CollectionsMarshal.GetValueRefOrAddDefault(lookup, text, out _)++;
        }
    }

    public override ColumnProfile Build(long rows, int histogramBins, int topValues)
    {
        if (Column.Kind != ColumnKind.String)
        {
            return Profile(rows, _counts.Count, null, null);
        }

        string? min = null;
        string? max = null;
        foreach (var value in _counts.Keys)
        {
            if (min is null || string.CompareOrdinal(value, min) < 0)
            {
                min = value;
            }

            if (max is null || string.CompareOrdinal(value, max) > 0)
            {
                max = value;
            }
        }

        var top = _counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(topValues)
            .Select(pair => new ValueFrequency(pair.Key, pair.Value))
            .ToList();
        return Profile(rows, _counts.Count, min, max) with
        {
            TopValues = top,
            OtherValuesCount = rows - MissingCount - top.Sum(value => value.Count),
        };
    }
}
