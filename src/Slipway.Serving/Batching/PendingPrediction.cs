using Slipway.Serving.Inference;

namespace Slipway.Serving.Batching;

/// <summary>A request waiting in a batcher's queue for its slice of a combined runtime call.</summary>
internal sealed class PendingPrediction(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string> outputs)
{
    public IReadOnlyList<InferenceTensor> Inputs { get; } = inputs;

    public IReadOnlyList<string> Outputs { get; } = outputs;

    public long Rows { get; } = inputs.Count == 0 ? 0 : inputs[0].Rows;

    public TaskCompletionSource<IReadOnlyList<InferenceTensor>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether two requests can share a runtime call: the same inputs in the same order, with the same row shape and outputs.</summary>
    public bool CombinesWith(PendingPrediction other)
    {
        if (other.Inputs.Count != Inputs.Count || !other.Outputs.SequenceEqual(Outputs))
        {
            return false;
        }

        for (var i = 0; i < Inputs.Count; i++)
        {
            var (a, b) = (Inputs[i], other.Inputs[i]);
            if (a.Name != b.Name || a.Datatype != b.Datatype || a.Shape.Length != b.Shape.Length || a.Shape.Length == 0
                || !a.Shape.AsSpan(1).SequenceEqual(b.Shape.AsSpan(1)))
            {
                return false;
            }
        }

        return true;
    }
}
