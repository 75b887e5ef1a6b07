namespace Slipway.Data.Datasets;

/// <summary>
/// How a tabular file differs between two versions: row counts (null on the side that lacks the table) and its
/// schema's added, removed and retyped columns.
/// </summary>
public sealed record TableChange(
    string Path,
    long? FromRowCount,
    long? ToRowCount,
    IReadOnlyList<ColumnType> AddedColumns,
    IReadOnlyList<ColumnType> RemovedColumns,
    IReadOnlyList<ColumnChange> ChangedColumns);
