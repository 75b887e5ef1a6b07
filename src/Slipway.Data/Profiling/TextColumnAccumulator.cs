using Apache.Arrow;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Profiling;

/// <summary>
/// String columns, and columns of any other type read as their DuckDB text: each distinct value is counted, which
/// gives the exact distinct count and, for strings, the most frequent values and the ordinal minimum and maximum.
/// </summary>
internal sealed class TextColumnAccumulator(EngineColumn column) : ColumnAccumulator(column)
{
    private readonly Utf8Counts _counts = new();

    public override void Add(IArrowArray values)
    {
        if (values is not StringArray strings)
        {
            throw Unexpected(values);
        }

        var offsets = strings.ValueOffsets;
        var data = strings.ValueBuffer.Span;
        var hasNulls = strings.NullCount > 0;
        for (var i = 0; i < strings.Length; i++)
        {
            if (hasNulls && strings.IsNull(i))
            {
                MissingCount++;
            }
            else
            {
                _counts.Add(data[offsets[i]..offsets[i + 1]]);
            }
        }
    }

    public override ColumnProfile Build(long rows, int histogramBins, int topValues, SortBuffers buffers)
    {
        if (Column.Kind != ColumnKind.String)
        {
            return Profile(rows, _counts.Count, null, null);
        }

        var range = _counts.Range();
        var top = _counts.Top(topValues);
        return Profile(rows, _counts.Count, range?.Min, range?.Max) with
        {
            TopValues = top,
            OtherValuesCount = rows - MissingCount - top.Sum(value => value.Count),
        };
    }
}
