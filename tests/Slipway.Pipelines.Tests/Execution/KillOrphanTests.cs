using System.Diagnostics;
using Slipway.Pipelines.Execution;

namespace Slipway.Pipelines.Tests.Execution;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the test class through IAsyncLifetime.DisposeAsync.")]
public sealed class KillOrphanTests : IAsyncLifetime
{
    private readonly StepSandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_group_started_by_an_earlier_executor_is_killed()
    {
        var before = new LocalExecutor(StepSandbox.Options());
        var process = await _sandbox.StartAsync(before, _sandbox.Launch("echo $$ >> pids; sleep 300 & echo $! >> pids; wait"));
        var pids = await _sandbox.WaitForPidsAsync("pids", 2);

        var after = new LocalExecutor(StepSandbox.Options());
        var killed = await after.KillOrphanAsync(process.ProcessId, process.StartTime, CancellationToken.None);

        Assert.True(killed);
        Assert.True(await StepSandbox.AllGoneAsync(pids, TimeSpan.Zero));
        Assert.Equal(StepExitReason.Exited, (await process.Completion.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
    }

    [Fact]
    public async Task A_stale_start_time_or_pid_is_left_alone()
    {
        var executor = new LocalExecutor(StepSandbox.Options());
        var process = await _sandbox.StartAsync(executor, _sandbox.Launch("echo $$ >> pids; sleep 300"));
        var pid = (await _sandbox.WaitForPidsAsync("pids", 1))[0];

        Assert.False(await executor.KillOrphanAsync(process.ProcessId, process.StartTime + 1, CancellationToken.None));
        Assert.False(await executor.KillOrphanAsync(int.MaxValue, process.StartTime, CancellationToken.None));
        Assert.False(await executor.KillOrphanAsync(1, 0, CancellationToken.None));
        Assert.False(await executor.KillOrphanAsync(0, 0, CancellationToken.None));

        Assert.True(StepSandbox.IsAlive(pid));
        Assert.False(process.Completion.IsCompleted);
    }

    [Fact]
    public async Task The_group_is_killed_when_only_the_leader_is_gone()
    {
        // As after a server crash: the shell died with its pipes, a process it started lives on in the group.
        var executor = new LocalExecutor(StepSandbox.Options());
        var start = new ProcessStartInfo("setsid") { WorkingDirectory = _sandbox.WorkingDirectory, RedirectStandardInput = true };
        foreach (var argument in new[] { "/bin/bash", "-c", "echo $$ > leader; sleep 300 < /dev/null > /dev/null 2>&1 & echo $! > orphan-pids" })
        {
            start.ArgumentList.Add(argument);
        }

        int leader, orphan;
        using (var process = Process.Start(start)!)
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            leader = (await _sandbox.WaitForPidsAsync("leader", 1))[0];
            orphan = (await _sandbox.WaitForPidsAsync("orphan-pids", 1))[0];
        }

        try
        {
            Assert.False(StepSandbox.IsAlive(leader));
            Assert.Equal(leader, StepSandbox.StatField(orphan, 5));
            var orphanStart = StepSandbox.StatField(orphan, 22)!.Value;

            Assert.False(await executor.KillOrphanAsync(leader, orphanStart + 1, CancellationToken.None));
            Assert.True(StepSandbox.IsAlive(orphan));
            Assert.True(await executor.KillOrphanAsync(leader, orphanStart, CancellationToken.None));
            Assert.True(await StepSandbox.AllGoneAsync([orphan], TimeSpan.Zero));
        }
        finally
        {
            if (StepSandbox.IsAlive(orphan) && StepSandbox.StatField(orphan, 5) == leader)
            {
                using var left = Process.GetProcessById(orphan);
                left.Kill();
            }
        }
    }
}
