using Slipway.Serving.Deployments;
using Slipway.Serving.Inference;
using Slipway.Serving.Logging;
using Slipway.Serving.Models;

namespace Slipway.Serving.Tests.Logging;

/// <summary>Inference log records for tests.</summary>
internal static class LogRecords
{
    public static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    // Tensors keep their arrays; none of the tests changes them, so records may share these.
    private static readonly float[] Features = [0.5f, 1.5f];
    private static readonly bool[] Flags = [true, false];
    private static readonly int[] Seven = [7];

    public static InferenceLogRecord Ok(string requestId, DateTimeOffset timestamp, string deployment = "churn", string workspace = "default") =>
        new(
            requestId,
            workspace,
            deployment,
            "churn-model",
            "3",
            RouteNames.Primary,
            "v2-rest",
            timestamp,
            1.25,
            null,
            [new InferenceTensor("x", OipDatatypes.Fp32, [1, 2], Features)],
            [new InferenceTensor("y", OipDatatypes.I64, [1], new long[] { 1 })]);

    /// <summary>One tensor of every datatype, with the values at the edges of each type.</summary>
    public static IReadOnlyList<InferenceTensor> EveryDatatype() =>
    [
        new("bool", OipDatatypes.Bool, [2], Flags),
        new("u8", OipDatatypes.U8, [2], new byte[] { 0, byte.MaxValue }),
        new("u16", OipDatatypes.U16, [2], new ushort[] { 0, ushort.MaxValue }),
        new("u32", OipDatatypes.U32, [2], new uint[] { 0, uint.MaxValue }),
        new("u64", OipDatatypes.U64, [2], new ulong[] { 0, ulong.MaxValue }),
        new("i8", OipDatatypes.I8, [2], new sbyte[] { sbyte.MinValue, sbyte.MaxValue }),
        new("i16", OipDatatypes.I16, [2], new short[] { short.MinValue, short.MaxValue }),
        new("i32", OipDatatypes.I32, [2], new[] { int.MinValue, int.MaxValue }),
        new("i64", OipDatatypes.I64, [2, 2], new[] { long.MinValue, long.MaxValue, 0, -1 }),
        new("fp16", OipDatatypes.Fp16, [6], new[] { (Half)0.1, Half.Epsilon, Half.MaxValue, Half.NaN, Half.PositiveInfinity, Half.NegativeInfinity }),
        new("fp32", OipDatatypes.Fp32, [2, 3], new[] { 0.1f, float.Epsilon, float.MaxValue, float.NaN, float.PositiveInfinity, -3.4028235E+38f }),
        new("fp64", OipDatatypes.Fp64, [6], new[] { 0.1, double.Epsilon, double.MaxValue, double.NaN, double.NegativeInfinity, 1 / 3.0 }),
        new("bytes", OipDatatypes.Bytes, [4], new[] { string.Empty, "héllo wörld", "rocket \U0001F680", "quote \" newline \n tab \t" }),
        new("scalar", OipDatatypes.I32, [], Seven),
    ];

    public static void AssertSame(InferenceLogRecord expected, InferenceLogRecord actual)
    {
        Assert.Equal(expected.RequestId, actual.RequestId);
        Assert.Equal(expected.WorkspaceId, actual.WorkspaceId);
        Assert.Equal(expected.Deployment, actual.Deployment);
        Assert.Equal(expected.ModelName, actual.ModelName);
        Assert.Equal(expected.ModelVersion, actual.ModelVersion);
        Assert.Equal(expected.Route, actual.Route);
        Assert.Equal(expected.Protocol, actual.Protocol);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.LatencyMs, actual.LatencyMs);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Status, actual.Status);
        AssertSame(expected.Inputs, actual.Inputs);
        AssertSame(expected.Outputs, actual.Outputs);
    }

    private static void AssertSame(IReadOnlyList<InferenceTensor> expected, IReadOnlyList<InferenceTensor> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.Equal(expected[i].Datatype, actual[i].Datatype);
            Assert.Equal(expected[i].Shape, actual[i].Shape);
            Assert.Equal(expected[i].Data.GetType(), actual[i].Data.GetType());
            Assert.Equal(expected[i].Data.Cast<object>(), actual[i].Data.Cast<object>());
        }
    }
}
