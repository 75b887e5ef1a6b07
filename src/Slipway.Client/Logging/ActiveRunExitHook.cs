using System.Collections.Concurrent;

namespace Slipway.Client.Logging;

/// <summary>
/// Ends runs that were never disposed when the process exits (FINISHED, or FAILED after
/// <see cref="ActiveRun.MarkFailed"/>), and marks them FAILED when an unhandled exception ends the process, so that
/// buffered values reach the server either way.
/// </summary>
internal static class ActiveRunExitHook
{
    private static readonly ConcurrentDictionary<ActiveRun, byte> LiveRuns = new();
    private static int _installed;

    public static void Register(ActiveRun run)
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => EndAll(failed: false);
            AppDomain.CurrentDomain.UnhandledException += (_, _) => EndAll(failed: true);
        }

        LiveRuns.TryAdd(run, 0);
    }

    public static void Unregister(ActiveRun run) => LiveRuns.TryRemove(run, out _);

    private static void EndAll(bool failed)
    {
        foreach (var run in LiveRuns.Keys)
        {
            if (failed)
            {
                run.MarkFailed();
            }

            run.EndAtProcessExit();
        }
    }
}
