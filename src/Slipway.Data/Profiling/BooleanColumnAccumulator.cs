using Apache.Arrow;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Profiling;

/// <summary>Boolean columns: two counters.</summary>
internal sealed class BooleanColumnAccumulator(EngineColumn column) : ColumnAccumulator(column)
{
    private long _true;
    private long _false;

    public override void Add(IArrowArray values)
    {
        if (values is not BooleanArray booleans)
        {
            throw Unexpected(values);
        }

        for (var i = 0; i < booleans.Length; i++)
        {
            switch (booleans.GetValue(i))
            {
                case true:
                    _true++;
                    break;
                case false:
                    _false++;
                    break;
                default:
                    MissingCount++;
                    break;
            }
        }
    }

    public override ColumnProfile Build(long rows, int histogramBins, int topValues, SortBuffers buffers)
    {
        // Most frequent first; on a tie "false" first, as the ordinal order of the values has it.
        ValueFrequency[] seen = [.. new[] { new ValueFrequency("false", _false), new ValueFrequency("true", _true) }
            .Where(value => value.Count > 0)
            .OrderByDescending(value => value.Count)];
        var top = seen.Take(topValues).ToList();
        return Profile(rows, seen.Length, seen.Length == 0 ? null : _false > 0 ? "false" : "true", seen.Length == 0 ? null : _true > 0 ? "true" : "false") with
        {
            TopValues = top,
            OtherValuesCount = rows - MissingCount - top.Sum(value => value.Count),
        };
    }
}
