using Microsoft.ML;
using Microsoft.ML.Data;
using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// One column of an ML.NET model's saved input schema: either an input a prediction reads, with its spec, or a column
/// only training used (the label, a weight), which the view still has, since transforms check the schema they are
/// given, but fills with defaults nobody reads.
/// </summary>
internal sealed class MlNetInput
{
    private readonly Func<DataViewSchema.Column, IColumnSource> _create;

    private MlNetInput(DataViewSchema.Column column, TensorSpec? spec, Func<DataViewSchema.Column, IColumnSource> create)
    {
        Column = column;
        Spec = spec;
        _create = create;
    }

    public DataViewSchema.Column Column { get; }

    /// <summary>What a request must give for this column; null when prediction does not read it.</summary>
    public TensorSpec? Spec { get; }

    /// <exception cref="SlipwayException">When prediction reads the column but the protocol cannot carry it.</exception>
    public static MlNetInput For(DataViewSchema.Column column, bool read)
    {
        var vector = column.Type as VectorDataViewType;
        var item = vector?.ItemType ?? column.Type;
        TensorSpec? spec = null;
        if (read)
        {
            if (column.IsHidden)
            {
                throw SlipwayException.Invalid($"The model reads hidden input column '{column.Name}', which a request cannot name; the model cannot be served.");
            }

            var datatype = MlNetTypes.DatatypeOf(item.RawType)
                ?? throw SlipwayException.Invalid($"Column '{column.Name}' is {column.Type}, which the Open Inference Protocol cannot carry; the model cannot be served.");
            spec = new TensorSpec(column.Name, datatype, vector is null ? [-1] : [-1, vector.Size > 0 ? vector.Size : -1]);
        }

        return new MlNetInput(
            column,
            spec,
            MlNetTypes.Bind<Func<DataViewSchema.Column, IColumnSource>>(typeof(ArrayColumnSource<>), item.RawType, nameof(ArrayColumnSource<>.Create)));
    }

    /// <summary>A source for this column, holding defaults until it is given a tensor.</summary>
    public IColumnSource CreateSource() => _create(Column);
}
