using System.Collections.Concurrent;
using Cronos;
using Slipway.Core.Errors;
using Slipway.Core.Events;
using Slipway.Core.Pipelines;
using Slipway.Core.Stores;
using Slipway.Pipelines.Orchestration;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Triggers;

/// <summary>
/// Starts registered pipelines when their triggers fire: cron schedules (checked every tick, in each schedule's time
/// zone), new dataset versions and alerts (from <see cref="PlatformEvents"/>), and webhook calls. A pipeline's cooldown
/// holds back automatic launches that come too soon after the last one it started, and its concurrency policy
/// decides what happens while a run is in progress, so a storm of alerts starts one retraining run, not ten.
/// </summary>
public sealed class PipelineTriggerService(IPipelineStore store, PipelineService pipelines, PlatformEvents events, TimeProvider clock)
{
    /// <summary>The firing record of automatic launches that started a run, which the cooldown is measured from.</summary>
    public const string LastLaunchKey = "last-launch";

    private readonly ConcurrentDictionary<string, PipelineSpec> _parsed = new(StringComparer.Ordinal);

    /// <summary>Checks schedules every <paramref name="tick"/> and handles platform events, until stopped.</summary>
    public async Task RunAsync(TimeSpan tick, CancellationToken cancellationToken)
    {
        var eventLoop = HandleEventsAsync(cancellationToken);
        using var timer = new PeriodicTimer(tick, clock);
        try
        {
            do
            {
                await FireDueSchedulesAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await eventLoop;
    }

    /// <summary>Launches every pipeline whose schedule has come due since it last fired (once, however many firings were missed).</summary>
    public async Task FireDueSchedulesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var (workspaceId, pipeline) in await store.ListAllPipelinesAsync(cancellationToken))
        {
            var spec = Parse(pipeline);
            if (spec is null || !spec.Triggers.Any(t => t.Kind == TriggerKind.Schedule))
            {
                continue;
            }

            var firings = await store.GetTriggerFiringsAsync(workspaceId, pipeline.Name, cancellationToken);
            foreach (var trigger in spec.Triggers.Where(t => t.Kind == TriggerKind.Schedule))
            {
                // A schedule added or changed later does not fire for the time before it existed.
                var since = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(firings.GetValueOrDefault(trigger.Key), pipeline.LastUpdatedTime));
                var zone = trigger.TimeZone is { } name ? TimeZoneInfo.FindSystemTimeZoneById(name) : TimeZoneInfo.Utc;
                var expression = CronExpression.Parse(trigger.Cron!, trigger.Cron!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
                var next = expression.GetNextOccurrence(since, zone);
                if (next is null || next > now)
                {
                    continue;
                }

                await store.RecordTriggerFiringAsync(workspaceId, pipeline.Name, trigger.Key, now.ToUnixTimeMilliseconds(), cancellationToken);
                await LaunchAsync(workspaceId, pipeline, spec, trigger, new PipelineTrigger(PipelineTrigger.Schedule, trigger.Cron + (trigger.TimeZone is null ? string.Empty : " " + trigger.TimeZone)), null, cancellationToken);
            }
        }
    }

    /// <summary>Launches the pipelines with a <c>dataset</c> trigger on this dataset.</summary>
    public Task<IReadOnlyList<(string Pipeline, LaunchResult Result)>> OnDatasetVersionAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken) =>
        FireMatchingAsync(workspaceId, t => t.Kind == TriggerKind.Dataset && t.Dataset == dataset, new PipelineTrigger(PipelineTrigger.Dataset, $"data:{dataset}@{version}"), cancellationToken);

    /// <summary>Launches the pipelines with an <c>alert</c> trigger on this alert (or on any, <c>*</c>).</summary>
    public Task<IReadOnlyList<(string Pipeline, LaunchResult Result)>> OnAlertAsync(string workspaceId, string alert, string? detail, CancellationToken cancellationToken) =>
        FireMatchingAsync(workspaceId, t => t.Kind == TriggerKind.Alert && (t.Alert == "*" || t.Alert == alert), new PipelineTrigger(PipelineTrigger.Alert, detail is null ? alert : $"{alert}: {detail}"), cancellationToken);

    /// <summary>Launches the webhook's pipeline, with parameter overrides from the call.</summary>
    public async Task<LaunchResult> OnWebhookAsync(PipelineWebhook webhook, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var pipeline = await store.GetPipelineAsync(webhook.WorkspaceId, webhook.Pipeline, cancellationToken);
        var spec = Parse(pipeline) ?? throw SlipwayException.Invalid($"Pipeline '{webhook.Pipeline}' has a spec that no longer parses; register it again.");
        var trigger = spec.Triggers.FirstOrDefault(t => t.Kind == TriggerKind.Webhook);
        return await LaunchAsync(webhook.WorkspaceId, pipeline, spec, trigger, new PipelineTrigger(PipelineTrigger.Webhook, webhook.Id), parameters, cancellationToken);
    }

    private async Task HandleEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var platformEvent in events.ReadAllAsync(cancellationToken))
            {
                try
                {
                    _ = platformEvent switch
                    {
                        DatasetVersionCreated created => await OnDatasetVersionAsync(created.WorkspaceId, created.Dataset, created.Version, cancellationToken),
                        AlertRaised alert => await OnAlertAsync(alert.WorkspaceId, alert.Alert, alert.Detail, cancellationToken),
                        _ => [],
                    };
                }
                catch (SlipwayException)
                {
                    // A pipeline that cannot start (its code snapshot was deleted, say) must not stop the others' triggers.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<IReadOnlyList<(string Pipeline, LaunchResult Result)>> FireMatchingAsync(
        string workspaceId, Func<TriggerSpec, bool> matches, PipelineTrigger trigger, CancellationToken cancellationToken)
    {
        var results = new List<(string, LaunchResult)>();
        foreach (var pipeline in await store.ListPipelinesAsync(workspaceId, cancellationToken))
        {
            if (Parse(pipeline) is not { } spec || spec.Triggers.FirstOrDefault(matches) is not { } match)
            {
                continue;
            }

            await store.RecordTriggerFiringAsync(workspaceId, pipeline.Name, match.Key, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
            results.Add((pipeline.Name, await LaunchAsync(workspaceId, pipeline, spec, match, trigger, null, cancellationToken)));
        }

        return results;
    }

    private async Task<LaunchResult> LaunchAsync(
        string workspaceId, PipelineDefinition pipeline, PipelineSpec spec, TriggerSpec? trigger, PipelineTrigger launchedBy, IReadOnlyDictionary<string, string>? overrides, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (spec.Cooldown > TimeSpan.Zero)
        {
            var firings = await store.GetTriggerFiringsAsync(workspaceId, pipeline.Name, cancellationToken);
            if (firings.TryGetValue(LastLaunchKey, out var last) && now - last < spec.Cooldown.TotalMilliseconds)
            {
                var wait = TimeSpan.FromMilliseconds(spec.Cooldown.TotalMilliseconds - (now - last));
                return LaunchResult.NotStarted($"pipeline '{pipeline.Name}' is cooling down: its last automatic run started {DurationText.Format(TimeSpan.FromMilliseconds(now - last))} ago and its cooldown is {DurationText.Format(spec.Cooldown)} ({DurationText.Format(wait)} left).");
            }
        }

        var parameters = new Dictionary<string, string>(trigger?.Params ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            parameters[key] = value;
        }

        var result = await pipelines.LaunchAsync(
            workspaceId,
            new LaunchRequest(pipeline.Spec, pipeline.Name + ".yaml", parameters, pipeline.Code, launchedBy, pipeline.Creator, Register: false),
            cancellationToken);
        if (result.Run is not null)
        {
            await store.RecordTriggerFiringAsync(workspaceId, pipeline.Name, LastLaunchKey, now, cancellationToken);
        }

        return result;
    }

    private PipelineSpec? Parse(PipelineDefinition pipeline)
    {
        try
        {
            return _parsed.GetOrAdd(pipeline.Spec, text => PipelineSpecParser.Parse(text, pipeline.Name + ".yaml"));
        }
        catch (SlipwayException)
        {
            return null;
        }
    }
}
