namespace Slipway.Client.Datasets;

/// <summary>
/// Schema and size changes of one tabular file. A row count is null on the side where the table does not exist (or
/// could not be profiled).
/// </summary>
public sealed record DatasetTableDiff(
    string Path,
    long? FromRowCount,
    long? ToRowCount,
    IReadOnlyList<DiffColumn> AddedColumns,
    IReadOnlyList<DiffColumn> RemovedColumns,
    IReadOnlyList<DiffColumnTypeChange> ChangedColumns);
