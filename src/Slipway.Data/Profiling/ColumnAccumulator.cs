using Apache.Arrow;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Profiling;

/// <summary>
/// Gathers one column's values batch by batch as the scan streams them, then builds the column's profile. Each
/// accumulator is fed by one thread and built by one thread, so none of them locks.
/// </summary>
internal abstract class ColumnAccumulator(EngineColumn column)
{
    public EngineColumn Column { get; } = column;

    protected long MissingCount { get; set; }

    public static ColumnAccumulator For(EngineColumn column) => column.Kind switch
    {
        ColumnKind.Integer or ColumnKind.Float or ColumnKind.Date or ColumnKind.Timestamp => new OrderedColumnAccumulator(column),
        ColumnKind.Boolean => new BooleanColumnAccumulator(column),
        _ => new TextColumnAccumulator(column),
    };

    public abstract void Add(IArrowArray values);

    /// <summary>The column's profile; <paramref name="buffers"/> are the calling worker's, reused from column to column.</summary>
    public abstract ColumnProfile Build(long rows, int histogramBins, int topValues, SortBuffers buffers);

    protected ColumnProfile Profile(long rows, long distinct, string? min, string? max) => new()
    {
        Name = Column.Name,
        Type = Column.LogicalType,
        SourceType = Column.SourceType,
        Nullable = MissingCount > 0,
        MissingCount = MissingCount,
        MissingRatio = rows == 0 ? 0 : (double)MissingCount / rows,
        DistinctCount = distinct,
        Min = min,
        Max = max,
    };

    protected InvalidOperationException Unexpected(IArrowArray values) =>
        new($"Column '{Column.Name}' ({Column.SourceType}) arrived as Arrow {values.Data.DataType.Name}, which the profiler does not read.");
}
