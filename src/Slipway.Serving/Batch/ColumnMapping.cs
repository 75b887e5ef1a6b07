using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Batch;

/// <summary>
/// Decides which table columns fill which model inputs, the way a tabular model was trained on them:
/// <list type="bullet">
/// <item>one input of shape [-1, k] (a feature vector, as ONNX exports of scikit-learn and friends take it): the
/// descriptor's feature columns in its order when it names them, else the table's numeric columns in table order,
/// when there are exactly k of them (any number, at least one, when k is not fixed);</item>
/// <item>otherwise every input must be [-1] or [-1, 1] (one column per input, as ML.NET models take them): each is
/// the table column of the input's name.</item>
/// </list>
/// A column is found by its exact name, else by the one name that differs only in case (DuckDB's identifiers ignore
/// case, so a file cannot hold both).
/// </summary>
internal static class ColumnMapping
{
    private const int ListedColumns = 20;

    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE naming the column the table lacks, or what the model needs against what the table has.</exception>
    public static IReadOnlyList<InputBinding> Bind(ModelSignature signature, IReadOnlyList<string> featureColumns, IReadOnlyList<TableColumn> table)
    {
        var inputs = signature.Inputs;
        if (inputs.Count == 0)
        {
            throw SlipwayException.Invalid("The model has no inputs, so there is nothing to fill from the table's columns.");
        }

        if (inputs.Count == 1 && inputs[0].Shape is [-1, var width] && width != 0)
        {
            return [new InputBinding(inputs[0], FeatureVector(inputs[0], width, featureColumns, table), 0)];
        }

        var bindings = new List<InputBinding>(inputs.Count);
        foreach (var input in inputs)
        {
            if (input.Shape is not ([-1] or [-1, 1]))
            {
                throw SlipwayException.Invalid(
                    $"Batch scoring fills either one input shaped [-1, k] (k feature columns) or inputs shaped [-1] (one column each) from a table; "
                    + $"this model takes {string.Join(", ", inputs)}.");
            }

            var column = Find(table, input.Name)
                ?? throw SlipwayException.Invalid(
                    $"The table has no column '{input.Name}' for the model's input {input}; the model takes one column per input "
                    + $"({string.Join(", ", inputs.Select(i => i.Name))}), and the table has {Describe(table)}.");
            bindings.Add(new InputBinding(input, [column], bindings.Count));
        }

        return bindings;
    }

    private static List<TableColumn> FeatureVector(TensorSpec input, long width, IReadOnlyList<string> featureColumns, IReadOnlyList<TableColumn> table)
    {
        if (featureColumns.Count > 0)
        {
            if (width > 0 && featureColumns.Count != width)
            {
                throw SlipwayException.Invalid(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The model's descriptor names {featureColumns.Count} feature columns, but its input {input} takes {width}."));
            }

            return [.. featureColumns.Select((name, index) => Find(table, name) ?? throw SlipwayException.Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"The table has no column '{name}', which the model's descriptor names as feature {index + 1} of {featureColumns.Count} for its input {input}; the table has {Describe(table)}.")))];
        }

        var numeric = table.Where(c => c.IsNumeric).ToList();
        if (width > 0 ? numeric.Count == width : numeric.Count > 0)
        {
            return numeric;
        }

        var needs = width > 0 ? string.Create(CultureInfo.InvariantCulture, $"exactly {width}") : "at least one";
        throw SlipwayException.Invalid(
            $"The model's input {input} takes a feature vector and its descriptor names no feature columns, so batch scoring takes the table's numeric columns in order "
            + $"and needs {needs}; the table has {numeric.Count} ({(numeric.Count == 0 ? "none" : Describe(numeric))}) among {Describe(table)}. "
            + "Name the features in the model's MLmodel file (feature_columns) to choose them.");
    }

    private static TableColumn? Find(IReadOnlyList<TableColumn> table, string name)
    {
        var exact = table.FirstOrDefault(c => c.Name == name);
        if (exact is not null)
        {
            return exact;
        }

        var folded = table.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return folded.Count == 1 ? folded[0] : null;
    }

    /// <summary>The columns with their types, the first 20 when there are more, so a message stays readable for a wide table.</summary>
    private static string Describe(IReadOnlyList<TableColumn> columns) =>
        columns.Count == 0
            ? "no columns"
            : string.Join(", ", columns.Take(ListedColumns))
                + (columns.Count > ListedColumns ? string.Create(CultureInfo.InvariantCulture, $" and {columns.Count - ListedColumns} more") : string.Empty);
}
