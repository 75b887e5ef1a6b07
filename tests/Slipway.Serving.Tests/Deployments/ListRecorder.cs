using System.Collections.Concurrent;
using Slipway.Serving.Deployments;

namespace Slipway.Serving.Tests.Deployments;

internal sealed class ListRecorder : IInferenceRecorder
{
    public ConcurrentQueue<ServedCall> Calls { get; } = new();

    public void Record(ServedCall served) => Calls.Enqueue(served);
}
