using System.Collections.Concurrent;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;
using Slipway.Core.Tracking;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Runs pipeline runs in the background: one driver per run, resumed from the store when the server starts, and the
/// next queued run of a pipeline started when one ends (concurrency <c>queue</c>). Stopping the orchestrator kills
/// running steps but leaves their runs unfinished, for the next start to resume.
/// </summary>
public sealed class PipelineOrchestrator(OrchestratorServices services) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (PipelineRunDriver Driver, Task<PipelineRun> Task)> _active = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private int _disposed;

    /// <summary>Whether the run is being driven by this orchestrator now.</summary>
    public bool IsActive(string runId) => _active.ContainsKey(runId);

    /// <summary>Picks up every unfinished run of every workspace, oldest first.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var unfinished = await services.Store.ListUnfinishedPipelineRunsAsync(cancellationToken);
        foreach (var (workspaceId, run) in unfinished.Where(u => u.Run.Status == PipelineRunStatus.Running))
        {
            Start(workspaceId, run);
        }

        foreach (var (workspaceId, pipeline) in unfinished.Where(u => u.Run.Status == PipelineRunStatus.Queued).Select(u => (u.WorkspaceId, u.Run.Pipeline)).Distinct())
        {
            await StartNextQueuedAsync(workspaceId, pipeline);
        }
    }

    /// <summary>Starts driving a run (if it is not driven already); returns at once.</summary>
    public void Start(string workspaceId, PipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Volatile.Read(ref _disposed) == 1 || _active.ContainsKey(run.Id))
        {
            return;
        }

        PipelineRunDriver driver;
        try
        {
            driver = new PipelineRunDriver(services, workspaceId, run, _shutdown.Token);
        }
        catch (SlipwayException e)
        {
            _ = FailAsync(workspaceId, run, e.Message);
            return;
        }

        var started = new TaskCompletionSource<bool>();
        var task = Task.Run(async () =>
        {
            if (!await started.Task)
            {
                // Another start of the same run won the race; that one drives it.
                driver.Dispose();
                return run;
            }

            try
            {
                return await driver.DriveAsync();
            }
#pragma warning disable CA1031 // A bug in one run must end that run, not the server.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return await FailAsync(workspaceId, run, "internal error: " + e.Message);
            }
            finally
            {
                _active.TryRemove(run.Id, out _);
                driver.Dispose();
                if (!_shutdown.IsCancellationRequested)
                {
                    await StartNextQueuedAsync(workspaceId, run.Pipeline);
                }
            }
        });
        started.SetResult(_active.TryAdd(run.Id, (driver, task)));
    }

    /// <summary>Asks a driven run to stop; false when this orchestrator is not driving it.</summary>
    public bool Cancel(string runId)
    {
        if (_active.TryGetValue(runId, out var active))
        {
            active.Driver.Cancel();
            return true;
        }

        return false;
    }

    /// <summary>Waits for a driven run to end (returns at once when it is not driven).</summary>
    public async Task WaitAsync(string runId, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(runId, out var active))
        {
            await active.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Whether a run of the pipeline is being driven now.</summary>
    public bool IsPipelineActive(string workspaceId, string pipeline) =>
        _active.Values.Any(a => a.Driver.WorkspaceId == workspaceId && a.Driver.Pipeline == pipeline);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync();
        await Task.WhenAll(_active.Values.Select(a => (Task)a.Task));
        _shutdown.Dispose();
    }

    private async Task StartNextQueuedAsync(string workspaceId, string pipeline)
    {
        if (IsPipelineActive(workspaceId, pipeline))
        {
            return;
        }

        var queued = await services.Store.ListPipelineRunsAsync(workspaceId, new PipelineRunQuery(pipeline, PipelineRunStatus.Queued, 1000), CancellationToken.None);
        if (queued.Items.Count > 0)
        {
            Start(workspaceId, queued.Items[^1]);
        }
    }

    private async Task<PipelineRun> FailAsync(string workspaceId, PipelineRun run, string message)
    {
        var now = services.Now;
        await services.Tracking.UpdateRunAsync(workspaceId, run.Id, new RunUpdate(RunStatus.Failed, now, null), CancellationToken.None);
        return await services.Store.UpdatePipelineRunAsync(workspaceId, run.Id, new PipelineRunUpdate(PipelineRunStatus.Failed, EndTime: now, Message: message), CancellationToken.None);
    }
}
