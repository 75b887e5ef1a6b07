using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols;

/// <summary>
/// Which model input, and which position in its row, each column of an MLflow dataframe feeds.
/// </summary>
/// <remarks>
/// A model with one input of shape <c>[-1, k]</c> takes k columns, spread over the row's k positions: by the order of
/// the feature column names the model declares, when it declares them (other columns are ignored), else in the
/// dataframe's own column order (there must then be exactly k); for <c>[-1, -1]</c>, k is the number of declared
/// feature columns, or else of the dataframe's columns. Otherwise each input takes the column of its own name
/// (ML.NET's scalar <c>[-1]</c> inputs), a cell holding the input's row: a value when the row is one value (<c>[-1]</c>,
/// <c>[-1, 1]</c>), nested lists otherwise; columns no input names are ignored, as MLflow's schema enforcement ignores
/// them. Columns without names (a split with no <c>columns</c>) map by position.
/// </remarks>
internal sealed class ColumnPlan
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    private ColumnPlan(IReadOnlyList<string> names, ModelSignature signature)
    {
        Names = names;
        Targets = new ColumnTarget[names.Count];
        Array.Fill(Targets, new ColumnTarget(-1, 0));
        RowShapes = new long[signature.Inputs.Count][];
        RowSizes = new int[signature.Inputs.Count];
        for (var j = 0; j < names.Count; j++)
        {
            _indexes.TryAdd(names[j], j);
        }
    }

    /// <summary>Each column's name, or its position for columns without names.</summary>
    public IReadOnlyList<string> Names { get; }

    public ColumnTarget[] Targets { get; }

    /// <summary>Each input's row shape: dimensions after the batch, -1 where the cells set it.</summary>
    public long[][] RowShapes { get; }

    /// <summary>Each input's elements per row when filled by position; 0 when each cell holds a whole row as lists.</summary>
    public int[] RowSizes { get; }

    /// <summary>The column of that name, or -1.</summary>
    public int IndexOf(string name) => _indexes.TryGetValue(name, out var index) ? index : -1;

    /// <param name="columns">The dataframe's column names, or null when it has none (then <paramref name="count"/> columns by position).</param>
    /// <exception cref="SlipwayException">When the columns cannot feed the model's inputs.</exception>
    public static ColumnPlan Resolve(ModelSignature signature, IReadOnlyList<string>? featureColumns, IReadOnlyList<string>? columns, int count)
    {
        var inputs = signature.Inputs;
        foreach (var input in inputs)
        {
            InstancesReader.RequireBatch(input);
        }

        var plan = new ColumnPlan(columns ?? [.. Enumerable.Range(0, count).Select(j => j.ToString(CultureInfo.InvariantCulture))], signature);
        var single = inputs.Count == 1 ? inputs[0] : null;
        if (single is not null && single.Shape.Count == 2 && single.Shape[1] != 0
            && !(count == 1 && columns?[0] == single.Name && single.Shape[1] != 1))
        {
            plan.Spread(single, featureColumns, named: columns is not null, count);
        }
        else
        {
            plan.ByName(inputs, columns is null, count);
        }

        return plan;
    }

    private void Spread(TensorSpec input, IReadOnlyList<string>? featureColumns, bool named, int count)
    {
        // A row of any size takes as many columns as the model declares, or as the dataframe has.
        var width = input.Shape[1] > 0 ? (int)input.Shape[1] : featureColumns?.Count ?? count;
        RowShapes[0] = [width];
        RowSizes[0] = width;
        if (featureColumns is not null && featureColumns.Count != width)
        {
            throw SlipwayException.Invalid(
                $"The model declares {featureColumns.Count} feature columns but its {SignatureText.Input(input)} takes {width} values per row.");
        }

        if (featureColumns is null || !named)
        {
            // The dataframe's own columns, in its order.
            if (count != width)
            {
                throw SlipwayException.Invalid(
                    $"The dataframe has {count} columns but the model's {SignatureText.Input(input)} takes {width} values per row, one per column.");
            }

            for (var j = 0; j < count; j++)
            {
                Targets[j] = new ColumnTarget(0, j);
            }

            return;
        }

        for (var position = 0; position < width; position++)
        {
            var column = IndexOf(featureColumns[position]);
            if (column < 0)
            {
                throw SlipwayException.Invalid(
                    $"The dataframe has no column '{featureColumns[position]}'; the model reads columns {string.Join(", ", featureColumns)} into its {SignatureText.Input(input)}.");
            }

            Targets[column] = new ColumnTarget(0, position);
        }
    }

    private void ByName(IReadOnlyList<TensorSpec> inputs, bool unnamed, int count)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            var column = unnamed ? -1 : IndexOf(inputs[i].Name);
            if (column < 0)
            {
                // Without names to go by, or one column for one input, position decides.
                if ((unnamed || inputs.Count == 1) && count == inputs.Count)
                {
                    column = i;
                }
                else
                {
                    throw SlipwayException.Invalid(
                        $"The dataframe has no column '{inputs[i].Name}'; the model takes columns {SignatureText.Names(inputs)}.");
                }
            }

            var rowShape = inputs[i].Shape.Skip(1).ToArray();
            var oneValue = rowShape.All(d => d == 1);
            RowShapes[i] = rowShape;
            RowSizes[i] = oneValue ? 1 : 0;
            Targets[column] = new ColumnTarget(i, oneValue ? 0 : -1);
        }
    }
}
