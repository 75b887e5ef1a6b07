using Microsoft.ML;
using Microsoft.ML.Data;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// How one output column of an ML.NET model becomes a tensor: its spec, and the reader that collects it. Key-typed
/// columns (a multiclass model's <c>PredictedLabel</c>) are reported as the values their keys stand for, such as the
/// class names, when the model carries them: a caller wants "setosa", and the key's number is an accident of the
/// order training met the classes in. A key without values is reported as its number (UINT32 for ML.NET's usual
/// keys), 1-based with 0 for missing, as ML.NET counts them.
/// </summary>
internal sealed class MlNetOutput
{
    private const string KeyValuesAnnotation = "KeyValues";

    private readonly Func<MlNetOutput, DataViewRow, DataViewSchema.Column, IOutputReader> _open;

    private MlNetOutput(
        TensorSpec spec,
        bool isVector,
        int size,
        IKeyValues? keyValues,
        Func<MlNetOutput, DataViewRow, DataViewSchema.Column, IOutputReader> open)
    {
        Spec = spec;
        IsVector = isVector;
        Size = size;
        KeyValues = keyValues;
        _open = open;
    }

    public TensorSpec Spec { get; }

    public string Name => Spec.Name;

    public string Datatype => Spec.Datatype;

    public bool IsVector { get; }

    /// <summary>Values per row of a vector column; 0 when it varies by row.</summary>
    public int Size { get; }

    /// <summary>What the keys of a key-typed column stand for; null when the column is read as it is.</summary>
    public IKeyValues? KeyValues { get; }

    /// <summary>The output for <paramref name="column"/>, or null when the protocol has no datatype for its items.</summary>
    public static MlNetOutput? For(DataViewSchema.Column column)
    {
        var vector = column.Type as VectorDataViewType;
        var item = vector?.ItemType ?? column.Type;
        IKeyValues? keyValues = null;
        var datatype = MlNetTypes.DatatypeOf(item.RawType);
        if (item is KeyDataViewType
            && column.Annotations.Schema.GetColumnOrNull(KeyValuesAnnotation) is { Type: VectorDataViewType { ItemType: var valueType } }
            && MlNetTypes.DatatypeOf(valueType.RawType) is { } valueDatatype)
        {
            datatype = valueDatatype;
            keyValues = MlNetTypes.Bind<Func<DataViewSchema.Column, IKeyValues>>(typeof(KeyValues<>), valueType.RawType, nameof(KeyValues<>.Read))(column);
        }

        if (datatype is null)
        {
            return null;
        }

        long[] shape = vector is null ? [-1] : [-1, vector.Size > 0 ? vector.Size : -1];
        var open = MlNetTypes.Bind<Func<MlNetOutput, DataViewRow, DataViewSchema.Column, IOutputReader>>(
            typeof(OutputReader<>), item.RawType, nameof(OutputReader<>.Open));
        return new MlNetOutput(new TensorSpec(column.Name, datatype, shape), vector is not null, vector?.Size ?? 0, keyValues, open);
    }

    /// <summary>A reader of <paramref name="column"/> of <paramref name="row"/>, which is this output's column.</summary>
    public IOutputReader Open(DataViewRow row, DataViewSchema.Column column) => _open(this, row, column);
}
