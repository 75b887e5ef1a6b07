using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Slipway.Pipelines.Execution;

/// <summary>What every step process of one <see cref="LocalExecutor"/> shares.</summary>
internal sealed record LocalProcessSettings(
    string SetsidPath,
    string ShellPath,
    TimeSpan KillGrace,
    MemoryMonitor MemoryMonitor,
    NvidiaSmi? NvidiaSmi)
{
    public string ShellName { get; } = Path.GetFileName(ShellPath);
}

/// <summary>
/// A step command running as <c>setsid shell -c command</c>: the leader's pid is its session and process group id, so
/// the whole tree it starts can be measured through <c>/proc</c> and signalled with <c>kill(-pgid)</c>. The step ends
/// when the leader exits; anything it left running in its group is then ended (SIGTERM, grace, SIGKILL) so that
/// nothing keeps the output pipes open, the output is drained, and <see cref="Completion"/> completes.
/// </summary>
internal sealed class LocalStepProcess : IStepProcess, MemoryMonitor.IWatched
{
    /// <summary>
    /// How long output may take to reach end-of-file once the group is gone. Only a process that left the group (its
    /// own setsid) can still hold the pipes; the step does not wait for it.
    /// </summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan DefaultSampleInterval = TimeSpan.FromSeconds(1);

    /// <summary><c>getconf CLK_TCK</c>, read once (the executor's constructor asks, so no step waits for it).</summary>
    internal static readonly Lazy<long> ClockTicksPerSecond = new(ReadClockTicks);

    private readonly Process _process;
    private readonly StepLaunch _launch;
    private readonly ResourceLease _lease;
    private readonly LocalProcessSettings _settings;
    private readonly LogFiles _logs;
    private readonly StderrTail _stderrTail = new();
    private readonly CancellationTokenSource _stopMonitors = new();
    private readonly CancellationTokenSource _abortPumps = new();
    private readonly Task _leaderExit;
    private int _reason; // 0 while nobody killed it; else (int)StepExitReason + 1, the first kill's.
    private long _peakMemory;
    private int _overMemory;

    private LocalStepProcess(Process process, StepLaunch launch, ResourceLease lease, LocalProcessSettings settings, LogFiles logs)
    {
        _process = process;
        _launch = launch;
        _lease = lease;
        _settings = settings;
        _logs = logs;
        ProcessId = process.Id;
        StartTime = ProcFs.TryReadStat(ProcessId, out var stat) ? stat.StartTime : 0;
        // The pumps, monitors and completion run on the thread pool whatever context the caller has: a memory check
        // must not wait for a busy UI or test scheduler.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            _leaderExit = process.WaitForExitAsync();
            var stdout = PumpAsync(process.StandardOutput.BaseStream, logs.Stdout, tail: null);
            var stderr = PumpAsync(process.StandardError.BaseStream, logs.Stderr, _stderrTail);
            Completion = RunAsync(stdout, stderr);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        settings.MemoryMonitor.Watch(ProcessId, this);
        if (Completion.IsCompleted)
        {
            settings.MemoryMonitor.Unwatch(ProcessId); // It ended before it was watched.
        }
    }

    public int ProcessId { get; }

    /// <summary>Field 22 of <c>/proc/&lt;pid&gt;/stat</c>; 0 when the process was gone before it could be read.</summary>
    public long StartTime { get; }

    public Task<StepExit> Completion { get; }

    /// <summary>
    /// Starts the command. Whatever prevents the start (no shell, no working directory, a log file that cannot be
    /// opened) gives a process whose completion is <see cref="StepExitReason.StartFailed"/>.
    /// </summary>
    public static IStepProcess Start(StepLaunch launch, ResourceLease lease, LocalProcessSettings settings)
    {
        // Kept short: this is on the path from "step ready" to "process started".
        if (launch.Timeout <= TimeSpan.Zero || launch.SampleInterval <= TimeSpan.Zero || launch.MemoryLimitBytes < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(launch), "Timeout and SampleInterval must be positive when given, MemoryLimitBytes 0 (no limit) or more.");
        }

        if (!File.Exists(settings.ShellPath))
        {
            return new FailedStepProcess($"could not start: shell {settings.ShellPath} does not exist");
        }

        if (!Directory.Exists(launch.WorkingDirectory))
        {
            return new FailedStepProcess($"could not start: working directory {launch.WorkingDirectory} does not exist");
        }

        LogFiles logs;
        try
        {
            logs = LogFiles.Open(launch);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FailedStepProcess($"could not start: cannot open its log files: {e.Message}");
        }

        var start = new ProcessStartInfo(settings.SetsidPath)
        {
            UseShellExecute = false,
            WorkingDirectory = launch.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(settings.ShellPath);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(launch.Command);
        start.ArgumentList.Add(settings.ShellName); // $0, which prefixes the shell's messages: "bash: line 1: ...".
        var environment = start.Environment;
        foreach (var (name, value) in launch.Environment)
        {
            environment[name] = value;
        }

        // Set last so that a step cannot name GPUs it was not given; empty hides every GPU from a CPU step.
        environment["CUDA_VISIBLE_DEVICES"] = GpuList(lease.Gpus);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
        {
            logs.Dispose();
            return new FailedStepProcess($"could not start: {e.Message}");
        }

        // Never the server's terminal, and a step that reads stdin sees end-of-file at once.
        process.StandardInput.Close();
        return new LocalStepProcess(process, launch, lease, settings, logs);
    }

    public Task KillAsync(TimeSpan grace) => KillAsync(StepExitReason.Killed, grace);

    /// <summary>Kills what is left and waits for the completion (a handle is not let go of while its process runs).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Completion.IsCompleted)
        {
            await KillAsync(_settings.KillGrace);
        }

        try
        {
            await Completion;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
        }
    }

    private async Task KillAsync(StepExitReason reason, TimeSpan grace)
    {
        // Once complete, the group is gone and its id may one day name someone else's.
        if (Completion.IsCompleted)
        {
            return;
        }

        // A kill after the leader exited by itself does not change why the step ended.
        if (!_leaderExit.IsCompleted)
        {
            Interlocked.CompareExchange(ref _reason, (int)reason + 1, 0);
        }

        await ProcessGroup.TerminateAsync(ProcessId, grace);
        var exited = _leaderExit.WaitAsync(TimeSpan.FromMilliseconds(100));
        await exited.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!exited.IsCompletedSuccessfully)
        {
            // Killed so soon after the start that setsid had not yet made the group (it was in ours): nothing but the
            // leader can have started yet. The leader has not been seen to exit, so its pid still names it.
            ProcessGroup.KillProcess(ProcessId);
            await ProcessGroup.TerminateAsync(ProcessId, TimeSpan.Zero);
        }

        await _leaderExit.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<StepExit> RunAsync(Task stdoutPump, Task stderrPump)
    {
        try
        {
            var monitors = new List<Task>(2);
            // Task.Delay takes up to 49.7 days; a longer timeout is no timeout.
            if (_launch.Timeout is { } timeout && timeout.TotalMilliseconds < uint.MaxValue - 1)
            {
                monitors.Add(WatchTimeoutAsync(timeout, _stopMonitors.Token));
            }

            if (_launch.OnSample is { } onSample)
            {
                monitors.Add(SampleAsync(onSample, _launch.SampleInterval ?? DefaultSampleInterval, _stopMonitors.Token));
            }

            await _leaderExit;

            // The step is over when its leader is: what it left running goes with it, or it would hold the pipes open.
            await ProcessGroup.TerminateAsync(ProcessId, _settings.KillGrace);
            _settings.MemoryMonitor.Unwatch(ProcessId);
            try
            {
                await Task.WhenAll(stdoutPump, stderrPump).WaitAsync(DrainTimeout);
            }
            catch (TimeoutException)
            {
                await _abortPumps.CancelAsync();
                await Task.WhenAll(stdoutPump, stderrPump);
            }

            await _stopMonitors.CancelAsync();
            await Task.WhenAll(monitors);
            return Exit();
        }
        finally
        {
            _settings.MemoryMonitor.Unwatch(ProcessId);
            _logs.Dispose();
            _process.Dispose();
            _stopMonitors.Dispose();
            _abortPumps.Dispose();
        }
    }

    private StepExit Exit()
    {
        var peak = Interlocked.Read(ref _peakMemory);
        var reason = _reason == 0 ? StepExitReason.Exited : (StepExitReason)(_reason - 1);
        switch (reason)
        {
            case StepExitReason.TimedOut:
                return new StepExit(null, reason, $"exceeded its timeout of {ResourceText.Duration(_launch.Timeout!.Value)}", peak);
            case StepExitReason.MemoryLimitExceeded:
                return new StepExit(
                    null, reason, $"exceeded its memory limit of {ResourceText.Bytes(_launch.MemoryLimitBytes)} (peak {ResourceText.Bytes(peak)})", peak);
            case StepExitReason.Killed:
                return new StepExit(null, reason, "was killed", peak);
        }

        var code = _process.ExitCode;
        if (code == 0)
        {
            return new StepExit(0, StepExitReason.Exited, null, peak);
        }

        var said = _stderrTail.LastMessageLine();
        return new StepExit(code, StepExitReason.Exited, said is null ? $"exit code {code}" : $"exit code {code}: {said}", peak);
    }

    private async Task PumpAsync(Stream source, FileStream target, StderrTail? tail)
    {
        // Raw bytes, as the command wrote them; each chunk goes straight to the files (no buffer) for live readers.
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var writable = true;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(), _abortPumps.Token)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                tail?.Append(chunk);
                if (!writable)
                {
                    continue; // Keep reading so that the step never blocks on a full pipe.
                }

                try
                {
                    target.Write(chunk);
                    _logs.WriteCombined(chunk);
                }
                catch (IOException)
                {
                    writable = false; // Disk full or similar: the step goes on without its log.
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WatchTimeoutAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await KillAsync(StepExitReason.TimedOut, _settings.KillGrace);
    }

    /// <summary>From the executor's <see cref="MemoryMonitor"/> thread: the group's resident memory now.</summary>
    public void OnResidentMemory(long bytes)
    {
        RaisePeak(bytes);
        var limit = _launch.MemoryLimitBytes;
        if (limit > 0 && bytes > limit && Interlocked.Exchange(ref _overMemory, 1) == 0)
        {
            // No grace: a step over its memory may take the machine down while it is asked nicely. SIGKILL goes out
            // on this thread, before the first await.
            _ = KillAsync(StepExitReason.MemoryLimitExceeded, TimeSpan.Zero);
        }
    }

    private async Task SampleAsync(Action<SystemSample> onSample, TimeSpan interval, CancellationToken cancellationToken)
    {
        var gpuIndices = _lease.Gpus.Select(g => g.Index).ToArray();
        // No first pass over /proc here (this runs inside StartAsync): every process of the group started after now,
        // so at the first tick all of their ticks are new.
        var previous = new Dictionary<int, (long StartTime, long Ticks)>();
        var previousAt = Stopwatch.GetTimestamp();
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var current = new Dictionary<int, (long StartTime, long Ticks)>(previous.Count);
                    var (ticks, resident) = Measure(current, previous);
                    if (current.Count == 0)
                    {
                        continue; // Between the leader's exit and the end of the step: nothing left to measure.
                    }

                    var now = Stopwatch.GetTimestamp();
                    var seconds = Stopwatch.GetElapsedTime(previousAt, now).TotalSeconds;
                    (previous, previousAt) = (current, now);
                    RaisePeak(resident);
                    var cpu = seconds > 0 ? ticks / (double)ClockTicksPerSecond.Value / seconds * 100 : 0;
                    IReadOnlyList<GpuSample> gpus = gpuIndices.Length > 0 && _settings.NvidiaSmi is { } smi
                        ? await smi.SampleAsync(gpuIndices, cancellationToken)
                        : [];
                    onSample(new SystemSample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Math.Round(cpu, 1), resident, gpus));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed sample (or a throwing callback) never fails the step.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Reads the group's members into <paramref name="into"/> and returns the CPU ticks they used since
    /// <paramref name="since"/> (a process new since then counts all its ticks; one that exited is simply gone) and
    /// their resident memory.
    /// </summary>
    private (long Ticks, long ResidentBytes) Measure(Dictionary<int, (long StartTime, long Ticks)> into, Dictionary<int, (long StartTime, long Ticks)> since)
    {
        long ticks = 0, pages = 0;
        foreach (var member in ProcFs.GroupMembers(ProcessId))
        {
            into[member.ProcessId] = (member.StartTime, member.CpuTicks);
            pages += member.ResidentPages;
            ticks += since.TryGetValue(member.ProcessId, out var before) && before.StartTime == member.StartTime
                ? Math.Max(0, member.CpuTicks - before.Ticks)
                : member.CpuTicks;
        }

        return (ticks, pages * ProcFs.PageSize);
    }

    private void RaisePeak(long bytes)
    {
        var peak = Interlocked.Read(ref _peakMemory);
        while (bytes > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakMemory, bytes, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }

    private static string GpuList(IReadOnlyList<GpuDevice> gpus) => gpus.Count switch
    {
        0 => "",
        1 => gpus[0].Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Join(',', gpus.Select(g => g.Index)),
    };

    private static long ReadClockTicks()
    {
        try
        {
            var start = new ProcessStartInfo("getconf") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("CLK_TCK");
            using var getconf = Process.Start(start);
            if (getconf is not null)
            {
                var output = getconf.StandardOutput.ReadToEnd();
                getconf.WaitForExit(5000);
                if (long.TryParse(output.Trim(), out var ticks) && ticks > 0)
                {
                    return ticks;
                }
            }
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
        {
        }

        return 100;
    }

    /// <summary>The three files a step's output goes to: each stream to its own, both as they come to the combined log.</summary>
    private sealed class LogFiles : IDisposable
    {
        private readonly Lock _combinedLock = new();

        private LogFiles(FileStream stdout, FileStream stderr, FileStream combined)
        {
            Stdout = stdout;
            Stderr = stderr;
            Combined = combined;
        }

        public FileStream Stdout { get; }

        public FileStream Stderr { get; }

        private FileStream Combined { get; }

        public static LogFiles Open(StepLaunch launch)
        {
            var opened = new List<FileStream>(3);
            try
            {
                opened.Add(OpenAppend(launch.StdoutPath));
                opened.Add(OpenAppend(launch.StderrPath));
                opened.Add(OpenAppend(launch.CombinedLogPath));
                return new LogFiles(opened[0], opened[1], opened[2]);
            }
            catch
            {
                opened.ForEach(f => f.Dispose());
                throw;
            }
        }

        public void WriteCombined(ReadOnlySpan<byte> chunk)
        {
            lock (_combinedLock)
            {
                Combined.Write(chunk);
            }
        }

        public void Dispose()
        {
            Stdout.Dispose();
            Stderr.Dispose();
            Combined.Dispose();
        }

        private static FileStream OpenAppend(string path)
        {
            // bufferSize 0: every write goes to the file at once, so a reader following the log sees it.
            try
            {
                return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            }
            catch (DirectoryNotFoundException)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            }
        }
    }

    /// <summary>The last 4 KiB of stderr, for the last line a failed step said.</summary>
    private sealed class StderrTail
    {
        private const int Size = 4096;
        private const int MaxLineLength = 500;
        private readonly Lock _lock = new();
        private readonly byte[] _bytes = new byte[Size];
        private int _length;

        public void Append(ReadOnlySpan<byte> chunk)
        {
            lock (_lock)
            {
                if (chunk.Length >= Size)
                {
                    chunk[^Size..].CopyTo(_bytes);
                    _length = Size;
                    return;
                }

                var keep = Math.Min(_length, Size - chunk.Length);
                _bytes.AsSpan(_length - keep, keep).CopyTo(_bytes);
                chunk.CopyTo(_bytes.AsSpan(keep));
                _length = keep + chunk.Length;
            }
        }

        /// <summary>
        /// The last line that is not indented, else the last non-empty one: stack traces (.NET's "   at ...", Python's
        /// "  File ...") are indented under the line that says what went wrong.
        /// </summary>
        public string? LastMessageLine()
        {
            string text;
            lock (_lock)
            {
                text = Encoding.UTF8.GetString(_bytes, 0, _length);
            }

            var lines = text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
            if (lines.Count == 0)
            {
                return null;
            }

            var line = (lines.LastOrDefault(l => !char.IsWhiteSpace(l[0])) ?? lines[^1]).Trim();
            return line.Length <= MaxLineLength ? line : line[..MaxLineLength] + "...";
        }
    }
}

/// <summary>A step that never started: its completion is already there.</summary>
internal sealed class FailedStepProcess(string detail) : IStepProcess
{
    public int ProcessId => 0;

    public long StartTime => 0;

    public Task<StepExit> Completion { get; } = Task.FromResult(new StepExit(null, StepExitReason.StartFailed, detail, 0));

    public Task KillAsync(TimeSpan grace) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
