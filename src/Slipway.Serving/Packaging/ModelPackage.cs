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
                $"The model directory has no {ModelDescriptor.FileName} file; package the model with `slipway models package` "
                + $"or log it with mlflow.onnx.log_model so Slipway knows its flavor and file.");
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

        foreach (var spec in declared.Inputs)
        {
            var match = actual.Inputs.FirstOrDefault(a => a.Name == spec.Name);
            if (match is null || match.Datatype != spec.Datatype || !SignatureCheck.Fits(spec.Shape.Select(d => d < 0 ? 1L : d).ToArray(), match.Shape))
            {
                throw SlipwayException.Invalid(
                    $"The model's {ModelDescriptor.FileName} declares input {spec}, but the model file has "
                    + (match is null ? $"no input named '{spec.Name}' (it has {string.Join(", ", actual.Inputs)})." : $"{match}."));
            }
        }
    }
}
