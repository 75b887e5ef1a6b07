using System.Diagnostics;
using Slipway.Pipelines.Execution;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Tests.Execution;

/// <summary>
/// A temporary directory for step processes: a working directory, log files per step and helpers to follow the
/// processes a step records. Dispose kills every process a step recorded that is still alive (a failed test leaves
/// nothing behind) and deletes the directory.
/// </summary>
internal sealed class StepSandbox : IAsyncDisposable
{
    private readonly List<IStepProcess> _started = [];
    private int _steps;

    public StepSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "slipway-exec-" + Guid.NewGuid().ToString("N"));
        WorkingDirectory = Path.Combine(Root, "work");
        Directory.CreateDirectory(WorkingDirectory);
    }

    /// <summary>
    /// The python3 interpreter itself (not a pyenv shim, whose startup is a dozen processes: on a small machine that
    /// load, not the executor, decides whether a short step is sampled).
    /// </summary>
    public static string Python => PythonPath.Value;

    private static readonly Lazy<string> PythonPath = new(() =>
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys; print(sys.executable)");
        using var python = Process.Start(start)!;
        var path = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        return path.Length > 0 ? path : "python3";
    });

    public string Root { get; }

    public string WorkingDirectory { get; }

    /// <summary>A file in the working directory (commands write pids there).</summary>
    public string File(string name) => Path.Combine(WorkingDirectory, name);

    public static LocalExecutorOptions Options(
        double cpu = 4,
        TimeSpan? killGrace = null,
        string nvidiaSmiPath = "/nonexistent/nvidia-smi",
        IReadOnlyList<GpuDevice>? gpus = null,
        string shellPath = "/bin/bash") => new()
        {
            Cpu = cpu,
            MemoryBytes = 16L << 30,
            NvidiaSmiPath = nvidiaSmiPath,
            Gpus = gpus,
            KillGrace = killGrace ?? TimeSpan.FromMilliseconds(300),
            ShellPath = shellPath,
            MemoryCheckInterval = TimeSpan.FromMilliseconds(50),
        };

    public StepLaunch Launch(
        string command,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        long memoryLimitBytes = 0,
        TimeSpan? sampleInterval = null,
        Action<SystemSample>? onSample = null)
    {
        var logs = Path.Combine(Root, "logs", Interlocked.Increment(ref _steps).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(logs);
        return new StepLaunch(
            command,
            workingDirectory ?? WorkingDirectory,
            environment ?? new Dictionary<string, string>(),
            Path.Combine(logs, "stdout.log"),
            Path.Combine(logs, "stderr.log"),
            Path.Combine(logs, "combined.log"),
            timeout,
            memoryLimitBytes,
            sampleInterval,
            onSample);
    }

    /// <summary>Starts a step with a lease of nothing (the ledger is not under test here).</summary>
    public async Task<IStepProcess> StartAsync(IStepExecutor executor, StepLaunch launch, ResourceLease? lease = null)
    {
        var process = await executor.StartAsync(launch, lease ?? new ResourceLease(ResourceRequest.None, [], null), CancellationToken.None);
        lock (_started)
        {
            _started.Add(process);
        }

        return process;
    }

    /// <summary>Runs a step to its end (at most 20 s).</summary>
    public async Task<StepExit> RunAsync(IStepExecutor executor, StepLaunch launch, ResourceLease? lease = null)
    {
        var process = await StartAsync(executor, launch, lease);
        return await process.Completion.WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>Waits until a step has written <paramref name="name"/> with at least <paramref name="lines"/> lines, and returns them.</summary>
    public async Task<string[]> WaitForLinesAsync(string name, int lines = 1)
    {
        var path = File(name);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (System.IO.File.Exists(path))
            {
                var read = (await System.IO.File.ReadAllTextAsync(path)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (read.Length >= lines)
                {
                    return read;
                }
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{name} did not get {lines} lines.");
    }

    public async Task<int[]> WaitForPidsAsync(string name, int count) =>
        [.. (await WaitForLinesAsync(name, count)).Select(int.Parse)];

    /// <summary>True while the process exists and is not a zombie (PID 1 of a container may never reap an orphan).</summary>
    public static bool IsAlive(int pid) => StatFields(pid) is { } fields && fields[0] is not ("Z" or "X");

    /// <summary>Field <paramref name="number"/> (proc(5) numbering, 3 or more) of <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    public static long? StatField(int pid, int number) =>
        StatFields(pid) is { } fields ? long.Parse(fields[number - 3], System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = System.IO.File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static async Task<bool> AllGoneAsync(IEnumerable<int> pids, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        while (pids.Any(IsAlive))
        {
            if (deadline.Elapsed > (within ?? TimeSpan.FromSeconds(2)))
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public static string Read(string path) => System.IO.File.ReadAllText(path);

    /// <summary>Creates <paramref name="name"/> in the working directory (steps wait for a <c>stop</c> file).</summary>
    public void Touch(string name) => System.IO.File.WriteAllText(File(name), "");

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _started)
        {
            await process.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        }

        // Anything a step recorded that outlived it (only if still in a session one of these steps led).
        var sessions = _started.Select(p => p.ProcessId).Where(id => id > 1).ToHashSet();
        foreach (var pidFile in Directory.Exists(WorkingDirectory) ? Directory.GetFiles(WorkingDirectory, "*pids*") : [])
        {
            foreach (var line in System.IO.File.ReadAllLines(pidFile))
            {
                if (int.TryParse(line, out var pid) && IsAlive(pid) && StatField(pid, 6) is { } session && sessions.Contains((int)session))
                {
                    try
                    {
                        using var leftover = Process.GetProcessById(pid);
                        leftover.Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                    }
                }
            }
        }

        Directory.Delete(Root, recursive: true);
    }
}
