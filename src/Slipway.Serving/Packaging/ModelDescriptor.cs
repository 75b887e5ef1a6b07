using Slipway.Serving.Models;

namespace Slipway.Serving.Packaging;

/// <summary>
/// What a model version's artifact directory says about itself in its <c>MLmodel</c> file: the flavor (which runtime
/// serves it), the model file, the declared signature when there is one, the names of the tabular feature columns in
/// the order the model's input takes them, and the optional input example MLflow records (kept for people and tools; the
/// warm-up predicts on a row of zeros, which every signature can express).
/// </summary>
public sealed record ModelDescriptor(
    string Flavor,
    string File,
    ModelSignature? Signature,
    IReadOnlyList<string> Columns,
    string? InputExample)
{
    /// <summary>The descriptor's file name, as MLflow names it.</summary>
    public const string FileName = "MLmodel";
}
