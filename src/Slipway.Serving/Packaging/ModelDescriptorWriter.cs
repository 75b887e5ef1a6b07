using System.Text;
using System.Text.Json;
using Slipway.Serving.Models;

namespace Slipway.Serving.Packaging;

/// <summary>
/// Writes an <c>MLmodel</c> file in MLflow's layout (a <c>flavors</c> map and a tensor <c>signature</c> as JSON text),
/// so MLflow tools read what Slipway packages and Slipway serves what <c>mlflow.onnx.log_model</c> wrote.
/// </summary>
public static class ModelDescriptorWriter
{
    public static string Write(ModelDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var text = new StringBuilder();
        text.Append("flavors:\n");
        text.Append("  ").Append(descriptor.Flavor).Append(":\n");
        text.Append("    data: ").Append(Quote(descriptor.File)).Append('\n');
        if (descriptor.Columns.Count > 0)
        {
            text.Append("    feature_columns: [").Append(string.Join(", ", descriptor.Columns.Select(Quote))).Append("]\n");
        }

        if (descriptor.Signature is { } signature)
        {
            text.Append("signature:\n");
            text.Append("  inputs: ").Append(Quote(SignatureJson(signature.Inputs))).Append('\n');
            text.Append("  outputs: ").Append(Quote(SignatureJson(signature.Outputs))).Append('\n');
        }

        if (descriptor.InputExample is { } example)
        {
            text.Append("saved_input_example_info:\n");
            text.Append("  artifact_path: ").Append(Quote(example)).Append('\n');
            text.Append("  type: json_object\n");
        }

        return text.ToString();
    }

    private static string SignatureJson(IReadOnlyList<TensorSpec> specs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var spec in specs)
            {
                json.WriteStartObject();
                json.WriteString("type", "tensor");
                json.WriteStartObject("tensor-spec");
                json.WriteString("dtype", NumpyName(spec.Datatype));
                json.WriteStartArray("shape");
                foreach (var dimension in spec.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteString("name", spec.Name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string NumpyName(string datatype) => datatype switch
    {
        OipDatatypes.Fp32 => "float32",
        OipDatatypes.Fp64 => "float64",
        OipDatatypes.Fp16 => "float16",
        OipDatatypes.Bool => "bool",
        OipDatatypes.Bytes => "str",
        _ => datatype.ToLowerInvariant(),
    };

    // Single-quoted YAML scalars take any text; a quote inside is doubled.
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
