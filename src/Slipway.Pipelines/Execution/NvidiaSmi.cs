using System.ComponentModel;
using System.Diagnostics;

namespace Slipway.Pipelines.Execution;

/// <summary>Runs <c>nvidia-smi</c> (found once on PATH, or at a configured path) for GPU discovery and samples.</summary>
internal sealed class NvidiaSmi(string path)
{
    /// <summary>How long discovery and a sample may take before nvidia-smi is given up on (a hung driver can block it).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public string Path { get; } = path;

    /// <summary>The nvidia-smi to use, or null when there is none (a machine without NVIDIA tools has no GPUs).</summary>
    public static NvidiaSmi? Find(string configured) =>
        ExecutableLookup.Find(configured) is { } path ? new NvidiaSmi(path) : null;

    public GpuDiscoveryResult Discover()
    {
        try
        {
            var (exitCode, output, error) = Run(NvidiaSmiParser.DeviceQueryArguments);
            return NvidiaSmiParser.ParseDevices(exitCode, output, error);
        }
        catch (Exception e) when (e is Win32Exception or IOException or TimeoutException or InvalidOperationException)
        {
            return new GpuDiscoveryResult([], [$"{Path} could not be run: {e.Message}"]);
        }
    }

    /// <summary>Samples the given GPUs; empty when nvidia-smi fails (a sample is never worth failing a step for).</summary>
    public async Task<IReadOnlyList<GpuSample>> SampleAsync(IEnumerable<int> indices, CancellationToken cancellationToken)
    {
        try
        {
            var (exitCode, output, _) = await RunAsync(NvidiaSmiParser.SampleQueryArguments(indices), cancellationToken);
            return exitCode == 0 ? NvidiaSmiParser.ParseSamples(output) : [];
        }
        catch (Exception e) when (e is Win32Exception or IOException or TimeoutException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>
    /// Runs it synchronously (discovery, once, in the executor's constructor) without needing the thread pool: the
    /// two streams are read on threads of their own, so a constructor called on a busy pool cannot starve itself.
    /// </summary>
    private (int ExitCode, string Output, string Error) Run(IReadOnlyList<string> arguments)
    {
        using var process = Start(arguments);
        var output = Task.Factory.StartNew(process.StandardOutput.ReadToEnd, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var error = Task.Factory.StartNew(process.StandardError.ReadToEnd, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!process.WaitForExit(Timeout))
        {
            TryKill(process);
            throw new TimeoutException($"{Path} did not answer within {ResourceText.Duration(Timeout)}.");
        }

        // The streams end with the process, unless something it started holds them.
        if (!Task.WaitAll([output, error], TimeSpan.FromSeconds(5)))
        {
            throw new TimeoutException($"{Path} exited but its output did not end.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Start(arguments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            TryKill(process);
            throw new TimeoutException($"{Path} did not answer within {ResourceText.Duration(Timeout)}.");
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            throw;
        }
    }

    private Process Start(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Path} did not start.");
        process.StandardInput.Close();
        return process;
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
        }
    }
}

/// <summary>Finds an executable the way a shell would: a path with a slash as given, a bare name on PATH.</summary>
internal static class ExecutableLookup
{
    public static string? Find(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? System.IO.Path.GetFullPath(name) : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
