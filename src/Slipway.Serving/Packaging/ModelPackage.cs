using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Runtimes;

namespace Slipway.Serving.Packaging;

/// <summary>
/// A model directory on local disk, loaded: its descriptor and the runtime that serves it. Loading checks what the
/// descriptor declares against what the model file says, and warms the model up with one prediction, so a version
/// that would fail its first request fails here instead.
/// </summary>
public sealed class ModelPackage : IDisposable
{
    private ModelPackage(string directory, ModelDescriptor descriptor, IModelRuntime runtime)
    {
        Directory = directory;
        Descriptor = descriptor;
        Runtime = runtime;
    }

    public string Directory { get; }

    public ModelDescriptor Descriptor { get; }

    public IModelRuntime Runtime { get; }

    public ModelSignature Signature => Runtime.Signature;

    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE naming what is wrong with the descriptor or the model file.</exception>
    public static ModelPackage Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var descriptorPath = Path.Combine(directory, ModelDescriptor.FileName);
        if (!File.Exists(descriptorPath))
        {
            throw SlipwayException.Invalid(
                $"The model directory has no {ModelDescriptor.FileName} file: write one beside the model naming its flavor and file "
                + $"(docs/serving.md shows how), or log the model with mlflow.onnx.log_model, which writes it.");
        }

        var descriptor = ModelDescriptorReader.Parse(File.ReadAllText(descriptorPath));
        var modelPath = Path.Combine(directory, descriptor.File);
        if (!File.Exists(modelPath))
        {
            throw SlipwayException.Invalid(
                $"The model's {ModelDescriptor.FileName} names the file '{descriptor.File}', which is not in the model directory.");
        }

        IModelRuntime runtime = descriptor.Flavor == ModelFlavors.MlNet ? MlNetModel.Load(modelPath) : OnnxModel.Load(modelPath);
        try
        {
            CheckDeclared(descriptor, runtime.Signature);
            var package = new ModelPackage(directory, descriptor, runtime);
            package.WarmUp();
            return package;
        }
        catch
        {
            runtime.Dispose();
            throw;
        }
    }

    public void Dispose() => Runtime.Dispose();

    /// <summary>One prediction on a row of zeros (empty text), which makes the runtime allocate and plan before traffic.</summary>
    public void WarmUp()
    {
        var inputs = Signature.Inputs.Select(ExampleRow).ToList();
        try
        {
            Runtime.Predict(inputs, []);
        }
        catch (SlipwayException ex)
        {
            throw SlipwayException.Invalid($"The model loaded but failed its warm-up prediction on a row of zeros: {ex.Message}");
        }
    }

    private static InferenceTensor ExampleRow(TensorSpec spec)
    {
        var shape = spec.Shape.Select(d => d < 0 ? 1L : d).ToArray();
        var data = TensorArrays.Create(spec.Datatype, TensorArrays.ElementCount(shape));
        if (data is string[] text)
        {
            Array.Fill(text, string.Empty);
        }

        return new InferenceTensor(spec.Name, spec.Datatype, shape, data);
    }

    private static void CheckDeclared(ModelDescriptor descriptor, ModelSignature actual)
    {
        if (descriptor.Signature is not { } declared)
        {
            return;
        }

        for (var i = 0; i < declared.Inputs.Count; i++)
        {
            var spec = declared.Inputs[i];
            var match = spec.Name.Length == 0
                ? (i < actual.Inputs.Count ? actual.Inputs[i] : null)
                : actual.Inputs.FirstOrDefault(a => a.Name == spec.Name);
            if (match is null || match.Datatype != spec.Datatype || !SignatureCheck.Fits(spec.Shape.Select(d => d < 0 ? 1L : d).ToArray(), match.Shape))
            {
                var declaredText = spec.Name.Length == 0 ? $"{i + 1} as {spec.Datatype}[{string.Join(", ", spec.Shape)}]" : spec.ToString();
                var missing = spec.Name.Length == 0 ? $"no input at position {i + 1}" : $"no input named '{spec.Name}'";
                throw SlipwayException.Invalid(
                    $"The model's {ModelDescriptor.FileName} declares input {declaredText}, but the model file has "
                    + (match is null ? $"{missing} (it has {string.Join(", ", actual.Inputs)})." : $"{match}."));
            }
        }
    }
}
