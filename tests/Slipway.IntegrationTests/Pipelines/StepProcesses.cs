using System.Globalization;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>Looks at the processes a step started, by the pids its command wrote to files.</summary>
public static class StepProcesses
{
    /// <summary>Waits until the file holds a pid and returns it.</summary>
    public static async Task<int> ReadPidAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (File.Exists(path) && int.TryParse((await File.ReadAllTextAsync(path)).Trim(), CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} was never written");
            await Task.Delay(50);
        }
    }

    /// <summary>True while the process exists and is not a zombie (a zombie has ended; only its parent has not reaped it).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits a little for the process to end (a kill takes effect asynchronously) and fails if it does not.</summary>
    public static async Task WaitGoneAsync(int pid, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (IsAlive(pid))
        {
            Assert.True(DateTime.UtcNow < deadline, $"process {pid} is still alive");
            await Task.Delay(50);
        }
    }
}
