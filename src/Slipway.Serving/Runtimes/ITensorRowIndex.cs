namespace Slipway.Serving.Runtimes;

/// <summary>A row over request tensors, as the column getters see it: which row of the tensors is current.</summary>
internal interface ITensorRowIndex
{
    int RowIndex { get; }
}
