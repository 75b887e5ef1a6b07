using System.Diagnostics;
using Slipway.Serving.Deployments;
using Slipway.Serving.Inference;
using Slipway.Serving.Logging;
using Slipway.Serving.Models;

namespace Slipway.Serving.Tests.Logging;

public sealed class InferenceLogWriterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Writing_never_waits_for_a_blocked_store_and_drops_exactly_what_exceeds_the_capacity()
    {
        var store = new MemoryLogStore();
        store.Block();
        await using var writer = new InferenceLogWriter(store, new InferenceLogWriterOptions { Capacity = 100, FlushInterval = TimeSpan.Zero });
        Assert.True(writer.TryWrite(LogRecords.Ok("held", LogRecords.Noon)));
        await store.Entered.Task.WaitAsync(Wait);

        var watch = Stopwatch.StartNew();
        var accepted = Enumerable.Range(0, 130).Count(i => writer.TryWrite(LogRecords.Ok($"r-{i}", LogRecords.Noon)));
        watch.Stop();

        Assert.Equal(100, accepted);
        Assert.Equal(30, writer.Dropped);
        Assert.Equal(100, writer.QueueDepth);
        Assert.True(watch.ElapsedMilliseconds < 1_000, $"130 writes took {watch.ElapsedMilliseconds} ms");
        store.Release();
        await writer.FlushAsync().WaitAsync(Wait);
        Assert.Equal(101, writer.Written);
        Assert.Equal(101, store.Records.Count);
        Assert.Equal(30, writer.Dropped);
        Assert.Equal(0, writer.QueueDepth);
    }

    [Fact]
    public async Task Records_past_the_memory_limit_are_dropped_even_when_the_count_would_fit_and_memory_comes_back_as_they_are_written()
    {
        var store = new MemoryLogStore();
        store.Block();
        await using var writer = new InferenceLogWriter(store, new InferenceLogWriterOptions { MaxQueuedBytes = 5_000, FlushInterval = TimeSpan.Zero });
        Assert.True(writer.TryWrite(LogRecords.Ok("held", LogRecords.Noon)));
        await store.Entered.Task.WaitAsync(Wait);
        var large = LogRecords.Ok("large", LogRecords.Noon) with { Inputs = [new InferenceTensor("x", OipDatatypes.Fp64, [1000], new double[1000])] };

        var first = writer.TryWrite(large);
        var second = writer.TryWrite(large);
        var small = writer.TryWrite(LogRecords.Ok("small", LogRecords.Noon));
        store.Release();
        await writer.FlushAsync().WaitAsync(Wait);
        var afterwards = writer.TryWrite(LogRecords.Ok("afterwards", LogRecords.Noon));
        await writer.FlushAsync().WaitAsync(Wait);

        Assert.True(first, "A record larger than the limit on its own is taken when the queue is empty.");
        Assert.False(second);
        Assert.False(small);
        Assert.True(afterwards, "The memory is given back as records are written.");
        Assert.Equal(2, writer.Dropped);
        Assert.Equal(["held", "large", "afterwards"], store.Records.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Records_go_to_the_store_in_batches_no_larger_than_the_batch_size()
    {
        var store = new MemoryLogStore();
        await using var writer = new InferenceLogWriter(store, new InferenceLogWriterOptions { BatchSize = 64, FlushInterval = TimeSpan.FromMilliseconds(50) });

        for (var i = 0; i < 1_000; i++)
        {
            writer.TryWrite(LogRecords.Ok($"r-{i}", LogRecords.Noon));
        }

        await writer.FlushAsync().WaitAsync(Wait);

        Assert.Equal(1_000, writer.Written);
        Assert.All(store.BatchSizes, size => Assert.InRange(size, 1, 64));
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => $"r-{i}"), store.Records.Select(r => r.RequestId));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public async Task Sampling_at_rate_zero_writes_nothing(double rate)
    {
        var store = new MemoryLogStore();
        await using var writer = new InferenceLogWriter(store);

        var queued = Enumerable.Range(0, 1_000).Count(i => writer.TryWrite(LogRecords.Ok($"r-{i}", LogRecords.Noon), rate));
        await writer.FlushAsync().WaitAsync(Wait);

        Assert.Equal(0, queued);
        Assert.Empty(store.Records);
        Assert.Equal(0, writer.Dropped);
    }

    [Fact]
    public async Task Sampling_at_rate_one_writes_every_record()
    {
        var store = new MemoryLogStore();
        await using var writer = new InferenceLogWriter(store);

        var queued = Enumerable.Range(0, 1_000).Count(i => writer.TryWrite(LogRecords.Ok($"r-{i}", LogRecords.Noon), 1.0));
        await writer.FlushAsync().WaitAsync(Wait);

        Assert.Equal(1_000, queued);
        Assert.Equal(1_000, store.Records.Count);
    }

    [Fact]
    public async Task Sampling_at_a_quarter_writes_about_a_quarter()
    {
        const int Total = 40_000;
        var store = new MemoryLogStore();
        await using var writer = new InferenceLogWriter(store);
        var record = LogRecords.Ok("r", LogRecords.Noon);

        var queued = Enumerable.Range(0, Total).Count(_ => writer.TryWrite(record, 0.25));
        await writer.FlushAsync().WaitAsync(Wait);

        // The standard deviation of the count is sqrt(40000 * 0.25 * 0.75) ≈ 87, about 0.2 %; 2 % is over nine of them.
        Assert.InRange(queued / (double)Total, 0.23, 0.27);
        Assert.Equal(queued, store.Records.Count);
    }

    [Fact]
    public async Task Disposing_writes_what_is_queued_without_waiting_out_the_interval()
    {
        var store = new MemoryLogStore();
        var writer = new InferenceLogWriter(store, new InferenceLogWriterOptions { FlushInterval = TimeSpan.FromMinutes(5) });
        for (var i = 0; i < 50; i++)
        {
            writer.TryWrite(LogRecords.Ok($"r-{i}", LogRecords.Noon));
        }

        var watch = Stopwatch.StartNew();
        await writer.DisposeAsync().AsTask().WaitAsync(Wait);

        Assert.Equal(50, store.Records.Count);
        Assert.Equal(50, writer.Written);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Disposing took {watch.Elapsed}");
        Assert.False(writer.TryWrite(LogRecords.Ok("late", LogRecords.Noon)));
        Assert.Equal(1, writer.Dropped);
    }

    [Fact]
    public async Task Disposing_gives_up_on_a_store_that_hangs_and_counts_what_was_lost()
    {
        var store = new MemoryLogStore();
        store.Block();
        var writer = new InferenceLogWriter(store, new InferenceLogWriterOptions { BatchSize = 1, FlushInterval = TimeSpan.Zero, DisposeTimeout = TimeSpan.FromMilliseconds(200) });
        for (var i = 0; i < 5; i++)
        {
            writer.TryWrite(LogRecords.Ok($"r-{i}", LogRecords.Noon));
        }

        await store.Entered.Task.WaitAsync(Wait);
        await writer.DisposeAsync().AsTask().WaitAsync(Wait);

        Assert.Equal(0, writer.Written);
        Assert.Equal(1, writer.Failed);
        Assert.Equal(4, writer.Dropped);
    }

    [Fact]
    public async Task A_failing_store_loses_its_batch_and_later_batches_are_still_written()
    {
        var store = new MemoryLogStore { FailuresLeft = 1 };
        await using var writer = new InferenceLogWriter(store);

        writer.TryWrite(LogRecords.Ok("lost-1", LogRecords.Noon));
        writer.TryWrite(LogRecords.Ok("lost-2", LogRecords.Noon));
        await writer.FlushAsync().WaitAsync(Wait);
        writer.TryWrite(LogRecords.Ok("kept", LogRecords.Noon));
        await writer.FlushAsync().WaitAsync(Wait);

        Assert.Equal(2, writer.Failed);
        Assert.Equal(1, writer.Written);
        Assert.Equal(["kept"], store.Records.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Served_calls_are_logged_at_their_deployments_sample_rate()
    {
        var store = new MemoryLogStore();
        await using var writer = new InferenceLogWriter(store);
        var request = new InferenceRequest([new InferenceTensor("x", OipDatatypes.Fp32, [1, 2], new float[] { 1, 2 })], [], Id: "req-7");
        var outputs = new[] { new InferenceTensor("y", OipDatatypes.Fp32, [1], new float[] { 3 }) };

        writer.Record(new ServedCall(Plan("never", 0), "m", 2, RouteNames.Primary, "v2-rest", request, outputs, LogRecords.Noon, TimeSpan.FromMilliseconds(1.5), null));
        writer.Record(new ServedCall(Plan("always", 1), "m", 2, RouteNames.Canary, "v2-grpc", request, outputs, LogRecords.Noon, TimeSpan.FromMilliseconds(1.5), null));
        writer.Record(new ServedCall(Plan("always", 1), "m", 2, RouteNames.Shadow, "v1", request with { Id = null }, null, LogRecords.Noon, TimeSpan.FromMicroseconds(250), "boom"));
        await writer.FlushAsync().WaitAsync(Wait);

        Assert.Equal(2, store.Records.Count);
        var ok = store.Records[0];
        Assert.Equal(("req-7", "ws", "always", "m", "2", RouteNames.Canary, "v2-grpc", 1.5), (ok.RequestId, ok.WorkspaceId, ok.Deployment, ok.ModelName, ok.ModelVersion, ok.Route, ok.Protocol, ok.LatencyMs));
        Assert.Same(outputs[0], Assert.Single(ok.Outputs));
        var failed = store.Records[1];
        Assert.Equal(("boom", InferenceLogRecord.StatusError, 0.25), (failed.Error, failed.Status, failed.LatencyMs));
        Assert.Empty(failed.Outputs);
        Assert.False(string.IsNullOrEmpty(failed.RequestId));
    }

    private static DeploymentPlan Plan(string name, double sampleRate) =>
        new("ws", name, 1, [], null, null, 0, 0, sampleRate, null);
}
