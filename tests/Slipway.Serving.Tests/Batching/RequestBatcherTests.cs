using System.Collections.Concurrent;
using Slipway.Serving.Batching;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Runtimes;

namespace Slipway.Serving.Tests.Batching;

public sealed class RequestBatcherTests
{
    [Fact]
    public async Task No_runtime_call_exceeds_the_maximum_and_concurrent_requests_share_calls()
    {
        var runtime = new EchoRuntime();
        var batches = new ConcurrentQueue<int>();
        await using var batcher = new RequestBatcher(runtime, new BatchLimits(8, TimeSpan.FromMilliseconds(50)), batches.Enqueue);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => batcher.PredictAsync([Row(i, rows: 1 + (i % 3))], [])));

        Assert.All(batches, rows => Assert.InRange(rows, 1, 8));
        Assert.True(batches.Count < 100, $"100 requests took {batches.Count} runtime calls");
        for (var i = 0; i < 100; i++)
        {
            Assert.All((long[])results[i][0].Data, value => Assert.Equal(i, value));
            Assert.Equal(1 + (i % 3), results[i][0].Rows);
        }
    }

    [Fact]
    public async Task A_request_larger_than_the_maximum_is_cut_into_calls_that_fit()
    {
        var batches = new ConcurrentQueue<int>();
        await using var batcher = new RequestBatcher(new EchoRuntime(), new BatchLimits(4, TimeSpan.Zero), batches.Enqueue);

        var result = await batcher.PredictAsync([Row(7, rows: 10)], []);

        Assert.Equal([4, 4, 2], batches);
        Assert.Equal(10, result[0].Rows);
        Assert.All((long[])result[0].Data, v => Assert.Equal(7, v));
    }

    [Fact]
    public async Task A_lone_request_goes_after_the_latency_limit_rather_than_waiting_for_a_full_batch()
    {
        await using var batcher = new RequestBatcher(new EchoRuntime(), new BatchLimits(1000, TimeSpan.FromMilliseconds(30)));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await batcher.PredictAsync([Row(1, rows: 1)], []);

        Assert.InRange(watch.ElapsedMilliseconds, 0, 2_000);
    }

    [Fact]
    public async Task A_failing_batch_fails_its_requests_and_the_batcher_goes_on()
    {
        var runtime = new EchoRuntime { FailOn = 13 };
        await using var batcher = new RequestBatcher(runtime, new BatchLimits(1, TimeSpan.Zero));

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.PredictAsync([Row(13, rows: 1)], []));
        var after = await batcher.PredictAsync([Row(5, rows: 1)], []);

        Assert.Equal([5L], (long[])after[0].Data);
    }

    private static InferenceTensor Row(long value, int rows) =>
        new("x", OipDatatypes.I64, [rows, 1], Enumerable.Repeat(value, rows).ToArray());

    /// <summary>Returns its input as its output: what a batcher must split back to each caller.</summary>
    private sealed class EchoRuntime : IModelRuntime
    {
        public long? FailOn { get; init; }

        public string Kind => "echo";

        public ModelSignature Signature { get; } = new([new TensorSpec("x", OipDatatypes.I64, [-1, 1])], [new TensorSpec("y", OipDatatypes.I64, [-1, 1])]);

        public IReadOnlyList<InferenceTensor> Predict(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string> outputs)
        {
            var data = (long[])inputs[0].Data;
            if (FailOn is { } fail && data.Contains(fail))
            {
                throw new InvalidOperationException("boom");
            }

            return [new InferenceTensor("y", OipDatatypes.I64, inputs[0].Shape, data)];
        }

        public void Dispose()
        {
        }
    }
}
