using Slipway.Serving.Inference;

namespace Slipway.Serving.Tests.Protocols;

/// <summary>Tensors for responses, with their values listed inline.</summary>
internal static class TestTensors
{
    public static InferenceTensor Of<T>(string name, string datatype, long[] shape, params T[] data) => new(name, datatype, shape, data);
}
