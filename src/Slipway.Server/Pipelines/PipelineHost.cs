using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Slipway.Pipelines.Orchestration;
using Slipway.Pipelines.Triggers;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Runs pipelines in the server's background: once the server listens (steps need its address), resumes every
/// unfinished run and starts the trigger loop; on shutdown stops the drivers, killing running steps but leaving their
/// runs unfinished for the next start to resume.
/// </summary>
internal sealed class PipelineHost(
    PipelineOrchestrator orchestrator,
    PipelineTriggerService triggers,
    PipelineOrchestratorOptions options,
    IServer server,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>How often cron schedules are checked.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await orchestrator.DisposeAsync();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        options.TrackingUri = LoopbackAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault());
        await orchestrator.ResumeAsync(stoppingToken);
        await triggers.RunAsync(Tick, stoppingToken);
    }

    /// <summary>The address steps on this machine reach the server at: a wildcard bind is reached through loopback.</summary>
    internal static string LoopbackAddress(string? address)
    {
        if (address is null)
        {
            return string.Empty;
        }

        return address.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://[::1]:", StringComparison.Ordinal)
            .Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal);
    }
}
