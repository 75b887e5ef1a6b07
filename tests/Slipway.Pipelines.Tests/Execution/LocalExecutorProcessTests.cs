using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Slipway.Pipelines.Execution;

namespace Slipway.Pipelines.Tests.Execution;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the test class through IAsyncLifetime.DisposeAsync.")]
public sealed class LocalExecutorProcessTests : IAsyncLifetime
{
    private readonly StepSandbox _sandbox = new();
    private readonly LocalExecutor _executor = new(StepSandbox.Options());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public void The_executor_is_named_local_and_has_the_configured_capacity()
    {
        Assert.Equal("local", _executor.Name);
        Assert.Equal(4, _executor.Capacity.Cpu);
        Assert.Equal(16L << 30, _executor.Capacity.MemoryBytes);
        Assert.Empty(_executor.Capacity.Gpus);
    }

    [Fact]
    public void Defaults_are_this_machine()
    {
        var options = new LocalExecutorOptions();
        Assert.Equal(Environment.ProcessorCount, options.Cpu);
        Assert.True(options.MemoryBytes > 0);
        Assert.Equal("nvidia-smi", options.NvidiaSmiPath);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KillGrace);
        Assert.Equal("/bin/bash", options.ShellPath);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MemoryCheckInterval);
    }

    [Fact]
    public void Options_are_checked_when_the_executor_is_made()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalExecutor(new LocalExecutorOptions { Cpu = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalExecutor(new LocalExecutorOptions { Cpu = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalExecutor(new LocalExecutorOptions { MemoryBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalExecutor(new LocalExecutorOptions { KillGrace = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalExecutor(new LocalExecutorOptions { MemoryCheckInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new LocalExecutor(new LocalExecutorOptions { ShellPath = " " }));
        var gpu = new GpuDevice(0, "GPU-a", "NVIDIA H100 80GB HBM3", 80L << 30);
        Assert.Throws<ArgumentException>(() => new LocalExecutor(new LocalExecutorOptions { Gpus = [gpu, gpu with { Uuid = "GPU-b" }] }));
    }

    [Fact]
    public async Task Output_goes_to_the_stdout_stderr_and_combined_files()
    {
        var launch = _sandbox.Launch("echo out1; echo err1 >&2; sleep 0.05; echo out2; printf 'no newline' >&2");

        var exit = await _sandbox.RunAsync(_executor, launch);

        Assert.Equal(new StepExit(0, StepExitReason.Exited, null, exit.PeakMemoryBytes), exit);
        Assert.Equal("out1\nout2\n", StepSandbox.Read(launch.StdoutPath));
        Assert.Equal("err1\nno newline", StepSandbox.Read(launch.StderrPath));
        // Both streams as they came: each chunk whole, the two streams in whatever order the pumps saw them.
        var combined = StepSandbox.Read(launch.CombinedLogPath);
        Assert.Equal("out1\nout2\nerr1\nno newline".Length, combined.Length);
        Assert.All(["out1\n", "out2\n", "err1\n", "no newline"], part => Assert.Contains(part, combined, StringComparison.Ordinal));
        Assert.True(combined.IndexOf("out1", StringComparison.Ordinal) < combined.IndexOf("out2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Output_is_appended_and_readable_while_the_step_runs()
    {
        var launch = _sandbox.Launch("echo first; sleep 0.2; touch ready; sleep 5");
        await File.WriteAllTextAsync(launch.StdoutPath, "before\n");

        var process = await _sandbox.StartAsync(_executor, launch);
        await _sandbox.WaitForLinesAsync("ready", 0);
        await Task.Delay(50);

        Assert.Equal("before\nfirst\n", StepSandbox.Read(launch.StdoutPath));
        Assert.Equal("first\n", StepSandbox.Read(launch.CombinedLogPath));
        await process.KillAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Environment_and_working_directory_are_the_steps()
    {
        var other = Path.Combine(_sandbox.Root, "elsewhere");
        Directory.CreateDirectory(other);
        var launch = _sandbox.Launch(
            "echo \"$GREETING\"; pwd; echo \"cuda=[${CUDA_VISIBLE_DEVICES-unset}]\"; echo \"path=${PATH:+set}\"",
            environment: new Dictionary<string, string> { ["GREETING"] = "hello world", ["CUDA_VISIBLE_DEVICES"] = "3" },
            workingDirectory: other);

        var exit = await _sandbox.RunAsync(_executor, launch);

        Assert.Equal(StepExitReason.Exited, exit.Reason);
        // The server's environment is kept (PATH); a step without a GPU lease sees no GPU, whatever it asked for.
        Assert.Equal($"hello world\n{other}\ncuda=[]\npath=set\n", StepSandbox.Read(launch.StdoutPath));
    }

    [Fact]
    public async Task Stdin_is_closed_so_a_reading_step_ends_at_once()
    {
        var launch = _sandbox.Launch("cat; read line || echo eof");

        var exit = await _sandbox.RunAsync(_executor, launch);

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("eof\n", StepSandbox.Read(launch.StdoutPath));
    }

    [Fact]
    public async Task The_process_leads_its_own_group_and_session_and_reports_its_start_time()
    {
        var process = await _sandbox.StartAsync(_executor, _sandbox.Launch("echo $$ > pids; sleep 5"));
        var pid = (await _sandbox.WaitForPidsAsync("pids", 1))[0];

        Assert.Equal(process.ProcessId, pid);
        Assert.Equal(StepSandbox.StatField(pid, 22), process.StartTime);
        Assert.Equal(pid, StepSandbox.StatField(pid, 5)); // process group
        Assert.Equal(pid, StepSandbox.StatField(pid, 6)); // session
        Assert.Equal(0, StepSandbox.StatField(pid, 7)); // no controlling terminal
        await process.KillAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task KillAsync_ends_the_whole_tree()
    {
        var process = await _sandbox.StartAsync(_executor, _sandbox.Launch(
            "echo $$ >> pids; sleep 300 & echo $! >> pids; sleep 300 & echo $! >> pids; "
            + "bash -c 'sleep 300 & echo $! >> pids; wait' & echo $! >> pids; wait"));
        var pids = await _sandbox.WaitForPidsAsync("pids", 5);
        Assert.All(pids, pid => Assert.True(StepSandbox.IsAlive(pid)));

        await process.KillAsync(TimeSpan.FromMilliseconds(500));
        var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(new StepExit(null, StepExitReason.Killed, "was killed", exit.PeakMemoryBytes), exit);
        Assert.True(await StepSandbox.AllGoneAsync(pids, TimeSpan.Zero), "a process of the tree is still alive");
    }

    [Fact]
    public async Task A_grandchild_that_ignores_SIGTERM_is_killed_after_the_grace()
    {
        var process = await _sandbox.StartAsync(_executor, _sandbox.Launch(
            "echo $$ >> pids; bash -c 'trap \"\" TERM; echo $$ >> pids; sleep 300 & echo $! >> pids; wait' & wait"));
        var pids = await _sandbox.WaitForPidsAsync("pids", 3);

        var watch = Stopwatch.StartNew();
        await process.KillAsync(TimeSpan.FromMilliseconds(300));
        var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(StepExitReason.Killed, exit.Reason);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), $"killed after {watch.Elapsed}, before the grace");
        Assert.True(await StepSandbox.AllGoneAsync(pids, TimeSpan.Zero), "a process of the tree is still alive");
    }

    [Fact]
    public async Task A_step_is_over_when_its_leader_exits_and_what_it_left_running_goes_with_it()
    {
        var launch = _sandbox.Launch("sleep 300 & echo $! > pids; bash -c 'sleep 300' & echo $! >> pids; echo leader done");

        var watch = Stopwatch.StartNew();
        var exit = await _sandbox.RunAsync(_executor, launch);

        Assert.Equal(new StepExit(0, StepExitReason.Exited, null, exit.PeakMemoryBytes), exit);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal("leader done\n", StepSandbox.Read(launch.StdoutPath));
        Assert.True(await StepSandbox.AllGoneAsync(await _sandbox.WaitForPidsAsync("pids", 2), TimeSpan.Zero));
    }

    [Fact]
    public async Task A_step_past_its_timeout_is_killed()
    {
        var launch = _sandbox.Launch("echo $$ > pids; sleep 30 & wait", timeout: TimeSpan.FromMilliseconds(300));

        var watch = Stopwatch.StartNew();
        var exit = await _sandbox.RunAsync(_executor, launch);

        Assert.Equal(new StepExit(null, StepExitReason.TimedOut, "exceeded its timeout of 300ms", exit.PeakMemoryBytes), exit);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_step_over_its_memory_limit_is_killed_with_its_peak()
    {
        var launch = _sandbox.Launch(
            $"{StepSandbox.Python} -c \"b = b'x' * (300 * 1024 * 1024); import time; time.sleep(30)\"",
            memoryLimitBytes: 100L << 20);

        var exit = await _sandbox.RunAsync(_executor, launch);

        Assert.Equal(StepExitReason.MemoryLimitExceeded, exit.Reason);
        Assert.Null(exit.ExitCode);
        Assert.Matches(new Regex(@"^exceeded its memory limit of 100 MiB \(peak \d+ MiB\)$"), exit.Detail);
        Assert.True(exit.PeakMemoryBytes > 100L << 20, $"peak {exit.PeakMemoryBytes}");
    }

    [Fact]
    public async Task The_peak_memory_is_reported_for_a_step_that_ends_by_itself()
    {
        var exit = await _sandbox.RunAsync(
            _executor,
            _sandbox.Launch($"{StepSandbox.Python} -c \"b = b'x' * (64 * 1024 * 1024); import time; time.sleep(0.5)\""));

        Assert.Equal(0, exit.ExitCode);
        Assert.True(exit.PeakMemoryBytes >= 64L << 20, $"peak {exit.PeakMemoryBytes}");
    }

    [Fact]
    public async Task A_failing_step_says_its_exit_code_and_last_stderr_line()
    {
        var exit = await _sandbox.RunAsync(
            _executor,
            _sandbox.Launch("echo progress; echo 'first problem' >&2; echo 'last problem  ' >&2; echo >&2; exit 3"));

        Assert.Equal(new StepExit(3, StepExitReason.Exited, "exit code 3: last problem", exit.PeakMemoryBytes), exit);
    }

    [Theory]
    [InlineData("echo 'Unhandled exception. System.IO.FileNotFoundException: churn.csv' >&2; echo '   at Program.Main()' >&2", "Unhandled exception. System.IO.FileNotFoundException: churn.csv")]
    [InlineData("echo 'Traceback (most recent call last):' >&2; echo '  File \"train.py\", line 3' >&2; echo 'KeyError: lr' >&2", "KeyError: lr")]
    [InlineData("echo '   only an indented line' >&2", "only an indented line")]
    public async Task A_failing_step_quotes_the_line_that_says_what_went_wrong_not_a_stack_frame(string command, string said)
    {
        var exit = await _sandbox.RunAsync(_executor, _sandbox.Launch(command + "; exit 1"));

        Assert.Equal("exit code 1: " + said, exit.Detail);
    }

    [Fact]
    public async Task A_failing_step_without_stderr_says_its_exit_code()
    {
        var exit = await _sandbox.RunAsync(_executor, _sandbox.Launch("echo only stdout; exit 4"));

        Assert.Equal(new StepExit(4, StepExitReason.Exited, "exit code 4", exit.PeakMemoryBytes), exit);
    }

    [Fact]
    public async Task A_command_that_is_not_found_exits_127_with_bashs_message()
    {
        var exit = await _sandbox.RunAsync(_executor, _sandbox.Launch("no-such-cmd-slipway"));

        Assert.Equal(127, exit.ExitCode);
        Assert.Equal(StepExitReason.Exited, exit.Reason);
        Assert.Matches(new Regex(@"^exit code 127: bash: (line 1: )?no-such-cmd-slipway: command not found$"), exit.Detail);
    }

    [Fact]
    public async Task A_missing_working_directory_fails_the_start()
    {
        var missing = Path.Combine(_sandbox.Root, "missing");

        var process = await _sandbox.StartAsync(_executor, _sandbox.Launch("echo never", workingDirectory: missing));
        var exit = await process.Completion;

        Assert.Equal(new StepExit(null, StepExitReason.StartFailed, $"could not start: working directory {missing} does not exist", 0), exit);
        Assert.Equal(0, process.ProcessId);
    }

    [Fact]
    public async Task A_missing_shell_fails_the_start()
    {
        var executor = new LocalExecutor(StepSandbox.Options(shellPath: "/nonexistent/bash"));

        var exit = await _sandbox.RunAsync(executor, _sandbox.Launch("echo never"));

        Assert.Equal(new StepExit(null, StepExitReason.StartFailed, "could not start: shell /nonexistent/bash does not exist", 0), exit);
    }

    [Fact]
    public async Task Samples_report_cpu_and_memory_of_a_busy_step()
    {
        // The step spins until the test has seen it busy and holding its memory, then is told to stop.
        var samples = new ConcurrentQueue<SystemSample>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var launch = _sandbox.Launch(
            $"{StepSandbox.Python} -c \"import os; b = b'x' * (32 * 1024 * 1024)\nwhile not os.path.exists('stop'): pass\"",
            sampleInterval: TimeSpan.FromMilliseconds(100),
            onSample: sample =>
            {
                samples.Enqueue(sample);
                if (samples.Any(s => s.CpuPercent > 20) && samples.Any(s => s.MemoryBytes >= 32L << 20))
                {
                    seen.TrySetResult();
                }
            });

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var process = await _sandbox.StartAsync(_executor, launch);
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(15));
        _sandbox.Touch("stop");
        var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exit.ExitCode);
        Assert.All(samples, s => Assert.Empty(s.Gpus));
        Assert.All(samples, s => Assert.InRange(s.Timestamp, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        Assert.All(samples, s => Assert.InRange(s.CpuPercent, 0, 100 * Environment.ProcessorCount + 50));
    }

    [Fact]
    public async Task A_throwing_sample_callback_does_not_hurt_the_step()
    {
        var calls = 0;
        var process = await _sandbox.StartAsync(_executor, _sandbox.Launch(
            "while [ ! -e stop ]; do sleep 0.02; done",
            sampleInterval: TimeSpan.FromMilliseconds(50),
            onSample: _ => throw new InvalidOperationException($"sample {Interlocked.Increment(ref calls)}")));

        var watch = Stopwatch.StartNew();
        while (Volatile.Read(ref calls) < 3 && watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        _sandbox.Touch("stop");
        var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exit.ExitCode);
        Assert.True(calls >= 3, $"{calls} calls");
    }

    [Fact]
    public async Task Disposing_a_running_process_kills_it()
    {
        var process = await _executor.StartAsync(_sandbox.Launch("echo $$ > pids; sleep 300 & echo $! >> pids; wait"),
            new ResourceLease(Slipway.Pipelines.Specs.ResourceRequest.None, [], null), CancellationToken.None);
        var pids = await _sandbox.WaitForPidsAsync("pids", 2);

        await process.DisposeAsync();

        Assert.True(process.Completion.IsCompleted);
        Assert.True(await StepSandbox.AllGoneAsync(pids, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_step_killed_as_soon_as_it_started_ends()
    {
        for (var i = 0; i < 5; i++)
        {
            var process = await _sandbox.StartAsync(_executor, _sandbox.Launch("sleep 300"));

            await process.KillAsync(TimeSpan.FromMilliseconds(200));
            var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(5));

            Assert.Equal(StepExitReason.Killed, exit.Reason);
            Assert.False(StepSandbox.IsAlive(process.ProcessId));
        }
    }

    [Fact]
    public async Task Launch_values_out_of_range_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _sandbox.StartAsync(_executor, _sandbox.Launch("true", timeout: TimeSpan.Zero)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _sandbox.StartAsync(_executor, _sandbox.Launch("true", sampleInterval: TimeSpan.FromSeconds(-1))));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _sandbox.StartAsync(_executor, _sandbox.Launch("true", memoryLimitBytes: -1)));
    }

    [Fact]
    public async Task A_timeout_beyond_what_a_timer_takes_is_no_timeout()
    {
        var exit = await _sandbox.RunAsync(_executor, _sandbox.Launch("true", timeout: TimeSpan.FromDays(100)));

        Assert.Equal(new StepExit(0, StepExitReason.Exited, null, exit.PeakMemoryBytes), exit);
    }

    [Fact]
    public async Task Killing_a_finished_step_does_nothing()
    {
        var process = await _sandbox.StartAsync(_executor, _sandbox.Launch("exit 0"));
        var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        await process.KillAsync(TimeSpan.Zero);

        Assert.Equal(StepExitReason.Exited, exit.Reason);
        Assert.Equal(StepExitReason.Exited, (await process.Completion).Reason);
    }
}
