using Microsoft.ML;
using Microsoft.ML.Data;
using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// An ML.NET model (<c>.zip</c>) with its signature read from the saved input schema: inputs are the columns the model
/// was trained on (a vector column of N numbers becomes a [-1, N] tensor, a scalar column a [-1] tensor), outputs are
/// the visible columns the model adds (such as <c>Score</c>, <c>PredictedLabel</c>, <c>Probability</c>).
/// </summary>
public sealed class MlNetModel
{
    private MlNetModel(MLContext context, ITransformer transformer, DataViewSchema inputSchema, ModelSignature signature)
    {
        Context = context;
        Transformer = transformer;
        InputSchema = inputSchema;
        Signature = signature;
    }

    public ModelSignature Signature { get; }

    internal MLContext Context { get; }

    internal ITransformer Transformer { get; }

    internal DataViewSchema InputSchema { get; }

    /// <exception cref="SlipwayException">When the file is not an ML.NET model, or has a column the protocol cannot carry.</exception>
    public static MlNetModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw SlipwayException.NotFound($"There is no ML.NET model at '{path}'.");
        }

        var context = new MLContext();
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            transformer = context.Model.Load(path, out inputSchema);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw SlipwayException.Invalid($"'{Path.GetFileName(path)}' is not an ML.NET model that can be loaded: {ex.Message}");
        }

        var inputs = inputSchema.Where(c => !c.IsHidden).Select(Spec).ToList();
        var inputNames = inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var outputs = transformer.GetOutputSchema(inputSchema)
            .Where(c => !c.IsHidden && !inputNames.Contains(c.Name))
            .Select(Spec)
            .ToList();
        return new MlNetModel(context, transformer, inputSchema, new ModelSignature(inputs, outputs));
    }

    private static TensorSpec Spec(DataViewSchema.Column column)
    {
        var (item, shape) = column.Type is VectorDataViewType vector
            ? (vector.ItemType, vector.Size > 0 ? new long[] { -1, vector.Size } : [-1, -1])
            : (column.Type, new long[] { -1 });
        return new TensorSpec(column.Name, DatatypeOf(column.Name, item), shape);
    }

    private static string DatatypeOf(string column, DataViewType type) => type.RawType switch
    {
        var t when t == typeof(float) => OipDatatypes.Fp32,
        var t when t == typeof(double) => OipDatatypes.Fp64,
        var t when t == typeof(bool) => OipDatatypes.Bool,
        var t when t == typeof(sbyte) => OipDatatypes.I8,
        var t when t == typeof(short) => OipDatatypes.I16,
        var t when t == typeof(int) => OipDatatypes.I32,
        var t when t == typeof(long) => OipDatatypes.I64,
        var t when t == typeof(byte) => OipDatatypes.U8,
        var t when t == typeof(ushort) => OipDatatypes.U16,
        var t when t == typeof(uint) => OipDatatypes.U32,
        var t when t == typeof(ulong) => OipDatatypes.U64,
        var t when t == typeof(ReadOnlyMemory<char>) => OipDatatypes.Bytes,
        _ => throw SlipwayException.Invalid($"Column '{column}' is {type}, which the Open Inference Protocol cannot carry; the model cannot be served."),
    };
}
