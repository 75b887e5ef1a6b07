using Slipway.Serving.Packaging;

namespace Slipway.Testing;

/// <summary>Model directories as Slipway packages them (a model file beside its MLmodel descriptor), for tests.</summary>
internal static class ModelDirectories
{
    /// <summary>Writes a linear ONNX model <c>y = x · w + b</c> and its descriptor into <paramref name="directory"/>.</summary>
    public static string Linear(string directory, float[] weights, float bias, IReadOnlyList<string>? columns = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), OnnxModelWriter.Linear(weights, bias));
        File.WriteAllText(
            Path.Combine(directory, ModelDescriptor.FileName),
            ModelDescriptorWriter.Write(new ModelDescriptor(ModelFlavors.Onnx, "model.onnx", null, columns ?? [], null)));
        return directory;
    }

    /// <summary>Writes the Sum model over one [batch] input per name (see <see cref="OnnxModelWriter.Sum"/>) and its descriptor.</summary>
    public static string Sum(string directory, IReadOnlyList<string> inputs)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), OnnxModelWriter.Sum(inputs));
        File.WriteAllText(
            Path.Combine(directory, ModelDescriptor.FileName),
            ModelDescriptorWriter.Write(new ModelDescriptor(ModelFlavors.Onnx, "model.onnx", null, [], null)));
        return directory;
    }

    /// <summary>Writes the Identity model over <paramref name="datatypes"/> (see <see cref="OnnxModelWriter.Identities"/>) and its descriptor, naming <paramref name="columns"/> as its feature columns.</summary>
    public static string Identities(string directory, IReadOnlyList<string> datatypes, IReadOnlyList<string>? columns = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), OnnxModelWriter.Identities(datatypes));
        File.WriteAllText(
            Path.Combine(directory, ModelDescriptor.FileName),
            ModelDescriptorWriter.Write(new ModelDescriptor(ModelFlavors.Onnx, "model.onnx", null, columns ?? [], null)));
        return directory;
    }
}
