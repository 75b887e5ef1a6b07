using System.Runtime.InteropServices;

namespace Slipway.Pipelines.Execution;

/// <summary>
/// Signals a whole process group with <c>kill(-pgid, sig)</c> (Linux). A group is gone when no live process is left in
/// it: a zombie whose parent is gone may linger where PID 1 does not reap (some containers), and holds nothing.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>How long to wait for a group to vanish after SIGKILL (a process in uninterruptible sleep takes a while).</summary>
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(10);

    /// <summary>
    /// SIGTERM to the group, up to <paramref name="grace"/> for it to be gone, then SIGKILL (at once when the grace is
    /// zero). Returns when the group is gone, or after a bounded wait if something does not die.
    /// </summary>
    public static async Task TerminateAsync(int processGroupId, TimeSpan grace)
    {
        if (grace > TimeSpan.Zero)
        {
            if (!Signal(processGroupId, SigTerm) || await WaitGoneAsync(processGroupId, grace))
            {
                return;
            }
        }

        if (Signal(processGroupId, SigKill))
        {
            await WaitGoneAsync(processGroupId, AfterKill);
        }
    }

    /// <summary>SIGKILL to one process (not its group).</summary>
    public static void KillProcess(int processId)
    {
        if (processId <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(processId), processId, "Not a step's process.");
        }

        Kill(processId, SigKill);
    }

    /// <summary>True while a live process is in the group.</summary>
    public static bool IsAlive(int processGroupId) =>
        Signal(processGroupId, 0) && ProcFs.GroupHasLiveMember(processGroupId);

    /// <summary>Polls (5 ms, growing to 50 ms) until the group is gone; false if it is still there after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitGoneAsync(int processGroupId, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var delay = 5;
        while (IsAlive(processGroupId))
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                return false;
            }

            await Task.Delay((int)Math.Min(delay, left));
            delay = Math.Min(delay * 2, 50);
        }

        return true;
    }

    /// <summary>Sends <paramref name="signal"/> (0: only check) to every process in the group; false when the group does not exist.</summary>
    private static bool Signal(int processGroupId, int signal)
    {
        // kill(0, sig) would signal our own group and kill(-1, sig) every process we may signal: never.
        if (processGroupId <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(processGroupId), processGroupId, "Not a step's process group.");
        }

        if (Kill(-processGroupId, signal) == 0)
        {
            return true;
        }

        // EPERM: the group exists but holds a process we may not signal; treat it as there.
        return Marshal.GetLastPInvokeError() != NoSuchProcess;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
