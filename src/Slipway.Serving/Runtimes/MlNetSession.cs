using Microsoft.ML;
using Microsoft.ML.Data;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Runtimes;

/// <summary>
/// One reusable way through a row-to-row ML.NET model: an input row over request tensors, the model's output row over
/// it, and a reader per output, all made once. ML.NET makes a row's getters by reflection, which costs far more than
/// predicting a small request; so, as with its PredictionEngine, the row is kept and moved from request to request.
/// Like PredictionEngine it serves one caller at a time; <see cref="MlNetModel"/> keeps one per concurrent caller.
/// </summary>
internal sealed class MlNetSession : IDisposable
{
    private readonly IColumnSource[] _sources;
    private readonly TensorRow _input;
    private readonly DataViewRow _output;
    private readonly IOutputReader[] _readers;

    public MlNetSession(IRowToRowMapper mapper, MlNetInput[] inputs, MlNetOutput[] outputs)
    {
        _sources = [.. inputs.Select(i => i.CreateSource())];
        _input = new TensorRow(mapper.InputSchema, _sources);
        var columns = outputs.Select(o => mapper.OutputSchema[o.Name]).ToArray();
        _output = mapper.GetRow(_input, columns);
        _readers = [.. outputs.Select((o, i) => o.Open(_output, columns[i]))];
    }

    /// <param name="tensors">The tensor for each column of the input schema, by index; null for one prediction does not read.</param>
    /// <param name="outputs">The outputs wanted, by index among the model's outputs.</param>
    public InferenceTensor[] Predict(InferenceTensor?[] tensors, int[] outputs, int rows)
    {
        try
        {
            for (var i = 0; i < _sources.Length; i++)
            {
                _sources[i].Set(tensors[i], rows);
            }

            foreach (var output in outputs)
            {
                _readers[output].Begin(rows);
            }

            for (var row = 0; row < rows; row++)
            {
                _input.MoveTo(row);
                foreach (var output in outputs)
                {
                    _readers[output].Read(row);
                }
            }

            return [.. outputs.Select(o => _readers[o].ToTensor())];
        }
        finally
        {
            // The session outlives the request and should not keep its arrays alive.
            foreach (var source in _sources)
            {
                source.Set(null, 0);
            }
        }
    }

    public void Dispose()
    {
        _output.Dispose();
        _input.Dispose();
    }
}
