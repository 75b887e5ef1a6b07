using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// A loaded model that predicts: ONNX Runtime or ML.NET behind one contract, so online serving, batch scoring and
/// in-process use in the SDK run the same code. Implementations are safe to call from many threads at once.
/// </summary>
public interface IModelRuntime : IDisposable
{
    /// <summary><c>onnx</c> or <c>mlnet</c>, as the descriptor's flavor names it.</summary>
    string Kind { get; }

    ModelSignature Signature { get; }

    /// <summary>
    /// Runs the model on inputs already checked against <see cref="Signature"/> (see <see cref="SignatureCheck"/>)
    /// and returns the outputs named in <paramref name="outputs"/>, or all of them when it is empty.
    /// </summary>
    IReadOnlyList<InferenceTensor> Predict(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string> outputs);
}
