using Microsoft.ML;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// One input column over a request's tensor. Its getters read whatever tensor it holds when they are called, so a
/// reused row gets a new request's values by <see cref="Set"/> alone, without new getters.
/// </summary>
internal interface IColumnSource
{
    /// <summary>Holds <paramref name="tensor"/> of <paramref name="rows"/> rows, or defaults for every row when it is null.</summary>
    /// <exception cref="SlipwayException">When the tensor's type or element count does not fit the column.</exception>
    void Set(InferenceTensor? tensor, int rows);

    /// <exception cref="InvalidOperationException">When <typeparamref name="TValue"/> is not the type the column holds.</exception>
    ValueGetter<TValue> GetGetter<TValue>(ITensorRowIndex row);
}
