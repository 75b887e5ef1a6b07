namespace Slipway.Client.Wire;

internal sealed record WireTableDiff
{
    public string? Path { get; init; }

    public long? FromRowCount { get; init; }

    public long? ToRowCount { get; init; }

    public List<WireColumnType>? AddedColumns { get; init; }

    public List<WireColumnType>? RemovedColumns { get; init; }

    public List<WireColumnTypeChange>? ChangedColumns { get; init; }
}
