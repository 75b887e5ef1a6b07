using Slipway.Serving.Inference;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// Collects one output column of a prediction, row by row, into the tensor it becomes. It holds its getter, so one
/// made for a reused row serves request after request: <see cref="Begin"/>, <see cref="Read"/> each row,
/// <see cref="ToTensor"/>.
/// </summary>
internal interface IOutputReader
{
    /// <summary>Starts a result of <paramref name="rows"/> rows.</summary>
    void Begin(int rows);

    /// <summary>Reads the current row, which is row <paramref name="row"/> of the result.</summary>
    void Read(int row);

    /// <summary>The result, which is the caller's: the reader keeps no reference to it.</summary>
    InferenceTensor ToTensor();
}
