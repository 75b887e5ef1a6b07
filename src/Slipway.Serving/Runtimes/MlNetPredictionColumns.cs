using Microsoft.ML;
using Microsoft.ML.Data;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// Which columns of an ML.NET model's saved input schema a prediction reads, and which columns it can give.
/// <para>
/// The saved schema is the whole training data, label included, so it cannot serve as the inputs as it is. ML.NET
/// knows, transform by transform, which input columns each output column is computed from
/// (<see cref="IRowToRowMapper.GetDependencies"/>); the model's results are what its last trainer adds (the columns
/// its scorer marks with a score kind: <c>Score</c>, <c>PredictedLabel</c>, <c>Probability</c>) and anything
/// computed from them afterwards (such as <c>PredictedLabel</c> mapped back to its values). The inputs are the
/// columns the results depend on. So a regression trained on Features and Label needs only Features, and a multiclass
/// pipeline that maps its label column to keys does not need the label either, although that map is a transform
/// like any other. The outputs are every column the model adds that can be computed from those inputs, which leaves
/// out the label's key column.
/// </para>
/// <para>
/// A model without a trainer (only transforms) has every column it adds as a result. A model with a step that is not
/// row to row (it filters or reorders rows) cannot say, and every input column stays required.
/// </para>
/// </summary>
internal sealed class MlNetPredictionColumns
{
    // ML.NET's AnnotationUtils.Kinds.ScoreColumnKind, which is internal: every scorer marks the columns it adds with it.
    private const string ScoreColumnKind = "ScoreColumnKind";

    private MlNetPredictionColumns(IReadOnlySet<int> readInputs, IReadOnlyList<DataViewSchema.Column> outputs)
    {
        ReadInputs = readInputs;
        Outputs = outputs;
    }

    /// <summary>The indices in the input schema of the columns a prediction reads.</summary>
    public IReadOnlySet<int> ReadInputs { get; }

    /// <summary>The visible columns of the output schema that the model adds and can compute from <see cref="ReadInputs"/>.</summary>
    public IReadOnlyList<DataViewSchema.Column> Outputs { get; }

    public static MlNetPredictionColumns Of(ITransformer transformer, DataViewSchema inputSchema)
    {
        var stages = Stages(transformer).ToList();
        if (!transformer.IsRowToRowMapper || stages.Any(s => !s.IsRowToRowMapper))
        {
            var outputSchema = transformer.GetOutputSchema(inputSchema);
            return new MlNetPredictionColumns(
                inputSchema.Where(c => !c.IsHidden).Select(c => c.Index).ToHashSet(),
                [.. Added(outputSchema, inputSchema)]);
        }

        var mappers = new List<IRowToRowMapper>(stages.Count);
        var schema = inputSchema;
        foreach (var stage in stages)
        {
            var mapper = stage.GetRowToRowMapper(schema);
            mappers.Add(mapper);
            schema = mapper.OutputSchema;
        }

        var added = Added(schema, inputSchema).ToList();
        var lastTrainer = stages.FindLastIndex(s => s is IPredictionTransformer<object>);
        var results = lastTrainer < 0
            ? added
            : added.Where(c => DependsOn(mappers, [c], lastTrainer + 1).Any(d => d.Annotations.Schema.GetColumnOrNull(ScoreColumnKind) is not null)).ToList();
        var read = DependsOn(mappers, results, 0).Select(c => c.Index).ToHashSet();
        var outputs = added.Where(c => DependsOn(mappers, [c], 0).All(d => read.Contains(d.Index))).ToList();
        return new MlNetPredictionColumns(read, outputs);
    }

    /// <summary>
    /// The columns of the schema that stage <paramref name="stage"/> reads (the model's input schema for 0) that
    /// <paramref name="columns"/> of the final schema are computed from.
    /// </summary>
    private static List<DataViewSchema.Column> DependsOn(List<IRowToRowMapper> mappers, IEnumerable<DataViewSchema.Column> columns, int stage)
    {
        var dependencies = columns.ToList();
        for (var i = mappers.Count - 1; i >= stage; i--)
        {
            dependencies = [.. mappers[i].GetDependencies(dependencies)];
        }

        return dependencies;
    }

    // Columns the model adds; one that replaces an input of the same name (Features normalized in place) is not new.
    private static IEnumerable<DataViewSchema.Column> Added(DataViewSchema outputSchema, DataViewSchema inputSchema) =>
        outputSchema.Where(c => !c.IsHidden && inputSchema.GetColumnOrNull(c.Name) is null);

    // A fitted pipeline is a chain, and chains appended to chains nest; the steps are what GetDependencies is asked of.
    private static IEnumerable<ITransformer> Stages(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Stages) : [transformer];
}
