using Slipway.Serving.Models;

namespace Slipway.Serving.Batch;

/// <summary>
/// One model input and the table columns that fill it: the k columns of a [-1, k] input in order, or the one column
/// of a [-1] input. <see cref="FirstField"/> is where its columns start in the feature query's result.
/// </summary>
internal sealed record InputBinding(TensorSpec Spec, IReadOnlyList<TableColumn> Columns, int FirstField)
{
    /// <summary>Values per row: the tensor's second dimension (1 for a [-1] input).</summary>
    public int Width => Columns.Count;

    /// <summary>The tensor shape for <paramref name="rows"/> rows, of the input's own rank.</summary>
    public long[] Shape(int rows) => Spec.Shape.Count == 1 ? [rows] : [rows, Width];
}
