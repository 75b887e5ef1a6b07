using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols;

/// <summary>How error messages show shapes and a signature's inputs, one way across the protocols.</summary>
internal static class SignatureText
{
    /// <summary><c>[-1, 4]</c>.</summary>
    public static string Shape(ReadOnlySpan<long> shape) => $"[{string.Join(", ", shape.ToArray())}]";

    /// <summary><c>input 'x' (FP32[-1, 4])</c>.</summary>
    public static string Input(TensorSpec spec) => $"input '{spec.Name}' ({spec.Datatype}{Shape([.. spec.Shape])})";

    /// <summary><c>a, b, c</c>: the names of the model's inputs, in order.</summary>
    public static string Names(IEnumerable<TensorSpec> specs) => string.Join(", ", specs.Select(s => s.Name));
}
