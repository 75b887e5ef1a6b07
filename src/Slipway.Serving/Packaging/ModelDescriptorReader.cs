using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Serving.Packaging;

/// <summary>
/// Reads an <c>MLmodel</c> file: MLflow's YAML descriptor, with its <c>flavors</c> map and its <c>signature</c>, whose
/// inputs and outputs are JSON text in either MLflow form (tensor specs, or named columns of a table). Every problem
/// is reported as one message that names the field and what was expected.
/// </summary>
public static class ModelDescriptorReader
{
    public static ModelDescriptor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw Problem($"it is not valid YAML (line {ex.Start.Line}): {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Problem("it is empty or not a YAML map.");
        }

        if (Child(root, "flavors") is not YamlMappingNode flavors)
        {
            throw Problem($"it has no 'flavors' map; Slipway serves the {string.Join(" and ", ModelFlavors.All)} flavors.");
        }

        var (flavor, settings) = ServableFlavor(flavors);
        var file = Scalar(settings, "data") ?? Scalar(settings, "model_file")
            ?? throw Problem($"flavors.{flavor}.data is missing: it names the model file in the directory (such as model.{(flavor == ModelFlavors.Onnx ? "onnx" : "zip")}).");
        if (Path.IsPathRooted(file) || file.Split('/', '\\').Contains(".."))
        {
            throw Problem($"flavors.{flavor}.data is '{file}': it must be a path inside the model directory.");
        }

        var columns = settings.Children.TryGetValue(new YamlScalarNode("feature_columns"), out var listed) && listed is YamlSequenceNode names
            ? names.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? string.Empty).ToList()
            : [];
        ModelSignature? signature = null;
        if (Child(root, "signature") is YamlMappingNode signatureNode)
        {
            var inputs = SignatureSide(signatureNode, "inputs");
            var outputs = SignatureSide(signatureNode, "outputs");
            if (inputs.Columns.Count > 0 && columns.Count == 0)
            {
                columns = inputs.Columns;
            }

            if (inputs.Tensors.Count > 0 && outputs.Tensors.Count > 0)
            {
                signature = new ModelSignature(inputs.Tensors, outputs.Tensors);
            }
        }

        var example = Child(root, "saved_input_example_info") is YamlMappingNode exampleInfo ? Scalar(exampleInfo, "artifact_path") : null;
        return new ModelDescriptor(flavor, file, signature, columns, example);
    }

    private static (string Flavor, YamlMappingNode Settings) ServableFlavor(YamlMappingNode flavors)
    {
        foreach (var name in ModelFlavors.All)
        {
            if (Child(flavors, name) is { } node)
            {
                return (name, node as YamlMappingNode ?? new YamlMappingNode());
            }
        }

        var present = flavors.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToList();
        throw Problem(
            $"it has the flavor{(present.Count == 1 ? string.Empty : "s")} {(present.Count == 0 ? "(none)" : string.Join(", ", present))}, "
            + $"and Slipway serves only {string.Join(" and ", ModelFlavors.All)} (export the model to ONNX to serve it).");
    }

    private static (List<TensorSpec> Tensors, List<string> Columns) SignatureSide(YamlMappingNode signature, string side)
    {
        var json = Scalar(signature, side);
        if (string.IsNullOrWhiteSpace(json))
        {
            return ([], []);
        }

        var tensors = new List<TensorSpec>();
        var columns = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json);
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var name = entry.TryGetProperty("name", out var n) ? n.GetString() : null;
                var type = entry.GetProperty("type").GetString();
                if (type == "tensor")
                {
                    var spec = entry.GetProperty("tensor-spec");
                    var dtype = spec.GetProperty("dtype").GetString() ?? string.Empty;
                    var shape = spec.TryGetProperty("shape", out var s) ? s.EnumerateArray().Select(d => d.GetInt64()).ToArray() : [-1L];
                    // MLflow's infer_signature leaves tensors of a bare array unnamed; they are matched by position.
                    tensors.Add(new TensorSpec(name ?? string.Empty, TensorDatatype(side, name, dtype), shape));
                }
                else
                {
                    columns.Add(name ?? throw Problem($"signature.{side}[{index}] is a column without a name."));
                }

                index++;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw Problem($"signature.{side} is not MLflow signature JSON: {ex.Message}");
        }

        return (tensors, columns);
    }

    private static string TensorDatatype(string side, string? name, string dtype) => dtype switch
    {
        "float32" => OipDatatypes.Fp32,
        "float64" or "double" => OipDatatypes.Fp64,
        "float16" => OipDatatypes.Fp16,
        "int8" => OipDatatypes.I8,
        "int16" => OipDatatypes.I16,
        "int32" => OipDatatypes.I32,
        "int64" => OipDatatypes.I64,
        "uint8" => OipDatatypes.U8,
        "uint16" => OipDatatypes.U16,
        "uint32" => OipDatatypes.U32,
        "uint64" => OipDatatypes.U64,
        "bool" => OipDatatypes.Bool,
        "str" or "object" or "bytes" or "string" => OipDatatypes.Bytes,
        _ => throw Problem($"signature.{side} '{name}' has dtype '{dtype}', which the Open Inference Protocol cannot carry."),
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static SlipwayException Problem(string what) => SlipwayException.Invalid($"The model's {ModelDescriptor.FileName} file cannot be served: {what}");
}
