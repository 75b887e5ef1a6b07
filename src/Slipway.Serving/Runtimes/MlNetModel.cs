using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// An ML.NET model (<c>.zip</c>) with its signature read from the saved input schema: inputs are the columns a
/// prediction reads (the training label and other columns only training used are left out; see
/// <see cref="MlNetPredictionColumns"/>), outputs are the visible columns the model adds (such as <c>Score</c>,
/// <c>PredictedLabel</c>, <c>Probability</c>). A vector column of N numbers becomes a [-1, N] tensor, one of varying
/// size [-1, -1], a scalar column a [-1] tensor; text is BYTES.
/// <para>
/// Prediction needs no compile-time row class: the request's tensors are the columns of a row (or, for a model with a
/// step that is not row to row, of a <see cref="TensorDataView"/> the model transforms). It is safe from many threads:
/// the transformer is shared, which ML.NET allows, and each caller has a <see cref="MlNetSession"/> of its own.
/// </para>
/// </summary>
public sealed class MlNetModel : IModelRuntime
{
    private readonly MlNetInput[] _inputs;
    private readonly MlNetOutput[] _outputs;
    private readonly Dictionary<string, int> _outputIndex;

    /// <summary>The model as one row-to-row map, or null for a model with a step that is not row to row.</summary>
    private readonly IRowToRowMapper? _mapper;

    /// <summary>Sessions not in use; a caller takes one or makes one, and puts it back when its prediction succeeds.</summary>
    private readonly ConcurrentBag<MlNetSession> _sessions = [];

    private MlNetModel(MLContext context, ITransformer transformer, DataViewSchema inputSchema, MlNetInput[] inputs, MlNetOutput[] outputs, bool mapRows)
    {
        Context = context;
        Transformer = transformer;
        InputSchema = inputSchema;
        _inputs = inputs;
        _outputs = outputs;
        _outputIndex = outputs.Select((o, i) => (o.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _mapper = mapRows && transformer.IsRowToRowMapper ? transformer.GetRowToRowMapper(inputSchema) : null;
        Signature = new ModelSignature(
            [.. inputs.Select(i => i.Spec).OfType<TensorSpec>()],
            [.. outputs.Select(o => o.Spec)]);
    }

    public string Kind => "mlnet";

    public ModelSignature Signature { get; }

    internal MLContext Context { get; }

    internal ITransformer Transformer { get; }

    internal DataViewSchema InputSchema { get; }

    /// <exception cref="SlipwayException">When the file is not an ML.NET model, or reads a column the protocol cannot carry.</exception>
    public static MlNetModel Load(string path) => Load(path, mapRows: true);

    /// <param name="mapRows">False transforms a whole view per call even where the model maps row to row: tests compare the two ways.</param>
    internal static MlNetModel Load(string path, bool mapRows)
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
        catch (TargetInvocationException ex)
        {
            // ML.NET builds each step by reflection; a step from an assembly this server lacks (LightGBM, say)
            // surfaces as a FileNotFoundException several invocations deep.
            throw SlipwayException.Invalid($"'{Path.GetFileName(path)}' is not an ML.NET model that can be loaded: {ex.GetBaseException().Message}");
        }

        var columns = MlNetPredictionColumns.Of(transformer, inputSchema);
        var inputs = inputSchema.Select(c => MlNetInput.For(c, columns.ReadInputs.Contains(c.Index))).ToArray();

        // An intermediate column of a type the protocol has no name for (a DateTime, an image) leaves the signature
        // rather than keeping the model's predictions from being served.
        var outputs = columns.Outputs.Select(MlNetOutput.For).OfType<MlNetOutput>().ToArray();
        return new MlNetModel(context, transformer, inputSchema, inputs, outputs, mapRows);
    }

    public IReadOnlyList<InferenceTensor> Predict(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var wanted = outputs.Count == 0 ? [.. Enumerable.Range(0, _outputs.Length)] : Wanted(outputs);
        int? rows = null;
        var tensors = new InferenceTensor?[_inputs.Length];
        for (var i = 0; i < _inputs.Length; i++)
        {
            if (_inputs[i].Spec is { } spec)
            {
                var tensor = inputs.FirstOrDefault(t => t.Name == spec.Name)
                    ?? throw SlipwayException.Invalid($"Missing input: {spec.Name} ({spec.Datatype}[{string.Join(", ", spec.Shape)}]).");
                tensors[i] = tensor;
                rows ??= checked((int)tensor.Rows);
            }
        }

        try
        {
            return _mapper is null ? Transform(tensors, wanted, rows ?? 0) : MapRows(_mapper, tensors, wanted, rows ?? 0);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            throw SlipwayException.Invalid($"The model could not compute this input: {ex.Message}");
        }
    }

    public void Dispose()
    {
        while (_sessions.TryTake(out var session))
        {
            session.Dispose();
        }

        // Most steps hold only managed arrays; a few (ONNX or TensorFlow scoring) hold native sessions the chain disposes.
        (Transformer as IDisposable)?.Dispose();
    }

    private int[] Wanted(IReadOnlyList<string> outputs)
    {
        var wanted = new int[outputs.Count];
        for (var i = 0; i < wanted.Length; i++)
        {
            wanted[i] = _outputIndex.TryGetValue(outputs[i], out var index)
                ? index
                : throw SlipwayException.Invalid($"Output '{outputs[i]}' is not an output of this model; it has {string.Join(", ", _outputIndex.Keys)}.");
            if (Array.IndexOf(wanted, index, 0, i) >= 0)
            {
                throw SlipwayException.Invalid($"Output '{outputs[i]}' is asked for more than once.");
            }
        }

        return wanted;
    }

    private InferenceTensor[] MapRows(IRowToRowMapper mapper, InferenceTensor?[] tensors, int[] wanted, int rows)
    {
        var session = _sessions.TryTake(out var idle) ? idle : new MlNetSession(mapper, _inputs, _outputs);
        try
        {
            var result = session.Predict(tensors, wanted, rows);
            _sessions.Add(session);
            return result;
        }
        catch
        {
            // A session that failed part way may hold half a request; a fresh one costs less than finding out.
            session.Dispose();
            throw;
        }
    }

    private InferenceTensor[] Transform(InferenceTensor?[] tensors, int[] wanted, int rows)
    {
        var sources = new IColumnSource[_inputs.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = _inputs[i].CreateSource();
            sources[i].Set(tensors[i], rows);
        }

        var transformed = Transformer.Transform(new TensorDataView(InputSchema, sources, rows));
        var columns = wanted.Select(o => transformed.Schema[_outputs[o].Name]).ToArray();
        using var cursor = transformed.GetRowCursor(columns);
        var readers = new IOutputReader[wanted.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            readers[i] = _outputs[wanted[i]].Open(cursor, columns[i]);
            readers[i].Begin(rows);
        }

        var row = 0;
        while (cursor.MoveNext())
        {
            if (row == rows)
            {
                throw new SlipwayException($"The model gave more rows than the {rows} it was given; only a model that predicts one row per input row can be served.");
            }

            foreach (var reader in readers)
            {
                reader.Read(row);
            }

            row++;
        }

        if (row != rows)
        {
            throw new SlipwayException($"The model gave {row} rows for {rows}; only a model that predicts one row per input row can be served.");
        }

        return [.. readers.Select(r => r.ToTensor())];
    }
}
