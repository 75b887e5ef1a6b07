namespace Slipway.Pipelines.Execution;

/// <summary>
/// Reads the resident memory of every running step of one executor: one pass over <c>/proc</c> per interval for all
/// of them (not one per step), on a thread of its own, so that a busy thread pool cannot delay a memory limit (a
/// runaway step is just when the pool is likely to be busy). The thread runs only while steps do: it waits, without
/// polling, for the next step, and ends after a while without any.
/// </summary>
internal sealed class MemoryMonitor(TimeSpan interval)
{
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(30);

    private readonly object _gate = new(); // Monitor.Wait for the next step when idle.
    private readonly Dictionary<int, IWatched> _watched = [];
    private bool _running;

    /// <summary>A step being watched: told the resident memory of its process group at each pass.</summary>
    public interface IWatched
    {
        void OnResidentMemory(long bytes);
    }

    public void Watch(int processGroupId, IWatched step)
    {
        lock (_gate)
        {
            _watched[processGroupId] = step;
            if (_running)
            {
                Monitor.Pulse(_gate);
                return;
            }

            _running = true;
        }

        new Thread(Run) { IsBackground = true, Name = "Slipway step memory" }.Start();
    }

    public void Unwatch(int processGroupId)
    {
        lock (_gate)
        {
            _watched.Remove(processGroupId);
        }
    }

    private void Run()
    {
        var pages = new Dictionary<int, long>();
        var steps = new List<KeyValuePair<int, IWatched>>();
        while (true)
        {
            lock (_gate)
            {
                while (_watched.Count == 0)
                {
                    if (!Monitor.Wait(_gate, IdleExit) && _watched.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                }

                steps.Clear();
                steps.AddRange(_watched);
            }

            try
            {
                pages.Clear();
                foreach (var (group, _) in steps)
                {
                    pages[group] = 0;
                }

                ProcFs.AddResidentPagesByGroup(pages);
                foreach (var (group, step) in steps)
                {
                    step.OnResidentMemory(pages[group] * ProcFs.PageSize);
                }
            }
#pragma warning disable CA1031 // The thread that enforces memory limits must outlive any one bad pass.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            Thread.Sleep(interval);
        }
    }
}
