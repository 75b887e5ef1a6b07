using System.Diagnostics;
using Slipway.Core.Errors;
using Slipway.Pipelines.Execution;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Tests.Execution;

public sealed class ResourceLedgerTests
{
    private static readonly GpuDevice H100A = new(0, "GPU-5f2b1c9e-8d4a-4c7b-9e3f-1a2b3c4d5e6f", "NVIDIA H100 80GB HBM3", 81559L << 20);
    private static readonly GpuDevice H100B = new(1, "GPU-0c7d2e4a-1b3f-4a6e-8c9d-2f4e6a8b0c1d", "NVIDIA H100 80GB HBM3", 81559L << 20);

    private static ResourceLedger Ledger(double cpu = 2, long memory = 16L << 30, params GpuDevice[] gpus) =>
        new(new ExecutorCapacity(cpu, memory, gpus));

    private static ValueTask<ResourceLease> Acquire(ResourceLedger ledger, double cpu, long memory = 0, int gpu = 0, CancellationToken cancellationToken = default) =>
        ledger.AcquireAsync(new ResourceRequest(cpu, memory, gpu), cancellationToken);

    [Fact]
    public async Task A_request_that_does_not_fit_waits_until_a_lease_is_disposed()
    {
        var ledger = Ledger(cpu: 2);
        var first = await Acquire(ledger, 2);

        var second = Acquire(ledger, 2).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, ledger.WaitingCount);

        var disposedAt = Stopwatch.GetTimestamp();
        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(5));
        var grantedAt = Stopwatch.GetTimestamp();

        Assert.True(grantedAt >= disposedAt);
        Assert.Equal(0, ledger.WaitingCount);
        Assert.Equal((0.0, 16L << 30, 0), ledger.Free);
    }

    [Fact]
    public async Task A_small_request_passes_a_big_one_that_does_not_fit_yet()
    {
        var ledger = Ledger(cpu: 4);
        var held = await Acquire(ledger, 3);
        var big = Acquire(ledger, 4).AsTask();

        using var small = await Acquire(ledger, 1).AsTask().WaitAsync(TimeSpan.FromSeconds(1));

        Assert.False(big.IsCompleted);
        held.Dispose();
        Assert.False(big.IsCompleted); // The small one still holds a core.
        small.Dispose();
        using var bigLease = await big.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, bigLease.Request.Cpu);
    }

    [Fact]
    public async Task Waiters_that_fit_are_granted_in_arrival_order()
    {
        var ledger = Ledger(cpu: 2);
        var held = await Acquire(ledger, 2);
        var big = Acquire(ledger, 2).AsTask();
        var small = Acquire(ledger, 1).AsTask();

        held.Dispose();

        using var bigLease = await big.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.False(small.IsCompleted); // It came later; the big one took both cores.
        bigLease.Dispose();
        using var smallLease = await small.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task One_release_grants_every_waiter_that_fits()
    {
        var ledger = Ledger(cpu: 2);
        var held = await Acquire(ledger, 2);
        var a = Acquire(ledger, 1).AsTask();
        var b = Acquire(ledger, 1).AsTask();
        var c = Acquire(ledger, 1).AsTask();

        held.Dispose();

        using var leaseA = await a.WaitAsync(TimeSpan.FromSeconds(5));
        using var leaseB = await b.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(c.IsCompleted);
        leaseA.Dispose();
        using var leaseC = await c.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_waiter_is_removed_and_gets_nothing()
    {
        var ledger = Ledger(cpu: 2);
        var held = await Acquire(ledger, 2);
        using var cancel = new CancellationTokenSource();
        var waiting = Acquire(ledger, 1, cancellationToken: cancel.Token).AsTask();
        Assert.Equal(1, ledger.WaitingCount);

        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal(0, ledger.WaitingCount);
        held.Dispose();
        Assert.Equal((2.0, 16L << 30, 0), ledger.Free);
    }

    [Fact]
    public async Task An_already_cancelled_token_is_honoured_and_a_granted_lease_ignores_a_later_cancel()
    {
        var ledger = Ledger(cpu: 2);
        using var cancel = new CancellationTokenSource();
        using var lease = await Acquire(ledger, 1, cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        Assert.Equal(1.0, ledger.Free.Cpu);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Acquire(ledger, 1, cancellationToken: cancel.Token).AsTask());
        Assert.Equal(1.0, ledger.Free.Cpu);
    }

    [Fact]
    public async Task Memory_is_counted_and_zero_asks_for_none()
    {
        var ledger = Ledger(cpu: 8, memory: 4L << 30);
        var three = await Acquire(ledger, 1, memory: 3L << 30);
        using var free = await Acquire(ledger, 1, memory: 0);
        var two = Acquire(ledger, 1, memory: 2L << 30).AsTask();
        Assert.False(two.IsCompleted);

        three.Dispose();
        using var lease = await two.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2L << 30, ledger.Free.MemoryBytes);
    }

    [Fact]
    public async Task Fractions_of_a_core_add_up_exactly()
    {
        var ledger = Ledger(cpu: 1);
        var leases = new List<ResourceLease>();
        for (var i = 0; i < 10; i++)
        {
            leases.Add(await Acquire(ledger, 0.1).AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
        }

        var eleventh = Acquire(ledger, 0.1).AsTask();
        Assert.False(eleventh.IsCompleted);
        leases.ForEach(l => l.Dispose());
        (await eleventh).Dispose();
        Assert.Equal(1.0, ledger.Free.Cpu);
    }

    [Fact]
    public async Task GPUs_are_held_exclusively_lowest_index_first()
    {
        var ledger = Ledger(cpu: 8, gpus: [H100A, H100B]);
        var first = await Acquire(ledger, 1, gpu: 1);
        using var second = await Acquire(ledger, 1, gpu: 1);
        var third = Acquire(ledger, 1, gpu: 1).AsTask();

        Assert.Equal([H100A], first.Gpus);
        Assert.Equal([H100B], second.Gpus);
        Assert.False(third.IsCompleted);

        first.Dispose();
        using var lease = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([H100A], lease.Gpus);
        Assert.Empty((await Acquire(ledger, 1)).Gpus);
    }

    [Fact]
    public async Task Disposing_a_lease_twice_gives_back_once()
    {
        var ledger = Ledger(cpu: 2);
        var lease = await Acquire(ledger, 2);
        lease.Dispose();
        using var again = await Acquire(ledger, 2);

        lease.Dispose();

        Assert.Equal(0.0, ledger.Free.Cpu);
    }

    [Fact]
    public async Task Nothing_asked_is_granted_at_once_even_when_all_is_taken()
    {
        var ledger = Ledger(cpu: 1);
        using var all = await Acquire(ledger, 1);

        using var none = await ledger.AcquireAsync(ResourceRequest.None, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(1));

        Assert.Empty(none.Gpus);
    }

    [Theory]
    [InlineData(4, 0, 0, "The step asks for 4 CPUs; this machine has 2.")]
    [InlineData(2.5, 0, 0, "The step asks for 2.5 CPUs; this machine has 2.")]
    [InlineData(1, 64L << 30, 0, "The step asks for 64 GiB of memory; this machine has 16 GiB.")]
    [InlineData(1, 0, 2, "The step asks for 2 GPUs; this machine has 1 (0: NVIDIA H100 80GB HBM3).")]
    [InlineData(3, 17L << 30, 0, "The step asks for 3 CPUs; this machine has 2. The step asks for 17 GiB of memory; this machine has 16 GiB.")]
    public async Task A_request_above_capacity_fails_at_once_naming_what_is_missing(double cpu, long memory, int gpu, string message)
    {
        var ledger = Ledger(cpu: 2, memory: 16L << 30, gpus: [H100A]);

        var error = await Assert.ThrowsAsync<SlipwayException>(() => Acquire(ledger, cpu, memory, gpu).AsTask());

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal(0, ledger.WaitingCount);
    }

    [Fact]
    public async Task A_GPU_asked_of_a_machine_without_one_says_so_and_why()
    {
        var plain = Ledger();
        var broken = new ResourceLedger(new ExecutorCapacity(2, 1L << 30, []), "nvidia-smi exited with code 9: NVIDIA-SMI has failed");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => Acquire(plain, 1, gpu: 1).AsTask());
        var why = await Assert.ThrowsAsync<SlipwayException>(() => Acquire(broken, 1, gpu: 1).AsTask());

        Assert.Equal("The step asks for 1 GPU; this machine has none.", error.Message);
        Assert.Equal("The step asks for 1 GPU; this machine has none (nvidia-smi exited with code 9: NVIDIA-SMI has failed).", why.Message);
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(1, -1, 0)]
    [InlineData(1, 0, -1)]
    [InlineData(double.NaN, 0, 0)]
    public async Task A_negative_request_is_invalid(double cpu, long memory, int gpu)
    {
        var error = await Assert.ThrowsAsync<SlipwayException>(() => Acquire(Ledger(), cpu, memory, gpu).AsTask());

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(512, "512 B")]
    [InlineData(100L << 20, "100 MiB")]
    [InlineData(301L << 20, "301 MiB")]
    [InlineData(3L << 29, "1.5 GiB")]
    [InlineData(16L << 30, "16 GiB")]
    public void Sizes_read_in_binary_units(long bytes, string text) => Assert.Equal(text, ResourceText.Bytes(bytes));

    [Theory]
    [InlineData(300, "300ms")]
    [InlineData(30_000, "30s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(7_200_000, "2h")]
    [InlineData(90_000_000, "25h")]
    public void Durations_read_short(long milliseconds, string text) =>
        Assert.Equal(text, ResourceText.Duration(TimeSpan.FromMilliseconds(milliseconds)));
}
