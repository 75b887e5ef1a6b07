using Slipway.Core.Errors;
using Slipway.Core.Serving;
using Slipway.Serving.Deployments;

namespace Slipway.Server.Serving;

/// <summary>Between the deployments API's messages and the domain's deployments.</summary>
public static class DeploymentMapper
{
    public static DeploymentSpec ToSpec(DeploymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Model is not null && request.Targets is { Count: > 0 })
        {
            throw SlipwayException.Invalid("Give either 'model' (one target taking all traffic) or 'targets', not both.");
        }

        List<DeploymentTarget> targets = request.Model is { } model
            ? [new DeploymentTarget(model, 100)]
            : [.. (request.Targets ?? []).Select((t, i) => new DeploymentTarget(
                t.Model ?? throw SlipwayException.Invalid($"targets[{i}].model is missing: give a registry URI such as models:/churn@champion."),
                t.Weight ?? 100))];
        var batching = request.Batching is { } b
            ? new DeploymentBatching(
                b.MaxBatchSize ?? throw SlipwayException.Invalid("batching.max_batch_size is missing."),
                b.MaxLatencyMs ?? 5)
            : null;
        return new DeploymentSpec(targets, request.Shadow, request.StickyHeader, batching, request.LogSampleRate ?? 1, request.LogWebhook);
    }

    public static DeploymentDto ToDto(Deployment deployment, DeploymentSlot? slot)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var spec = deployment.Spec;
        return new DeploymentDto
        {
            Name = deployment.Name,
            Description = deployment.Description,
            Revision = deployment.Revision,
            Targets = Targets(spec),
            Shadow = spec.Shadow,
            StickyHeader = spec.StickyHeader,
            Batching = Batching(spec),
            LogSampleRate = spec.LogSampleRate,
            LogWebhook = spec.LogWebhook,
            CreationTimestamp = deployment.CreationTimestamp,
            LastUpdatedTimestamp = deployment.LastUpdatedTimestamp,
            CreatedBy = deployment.CreatedBy,
            UpdatedBy = deployment.UpdatedBy,
            Status = Status(deployment, slot),
        };
    }

    public static DeploymentRevisionDto ToDto(DeploymentRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return new DeploymentRevisionDto
        {
            Revision = revision.Revision,
            Change = revision.Change,
            CreationTimestamp = revision.CreationTimestamp,
            CreatedBy = revision.CreatedBy,
            Targets = Targets(revision.Spec),
            Shadow = revision.Spec.Shadow,
            StickyHeader = revision.Spec.StickyHeader,
            Batching = Batching(revision.Spec),
            LogSampleRate = revision.Spec.LogSampleRate,
            LogWebhook = revision.Spec.LogWebhook,
        };
    }

    private static List<DeploymentTargetDto> Targets(DeploymentSpec spec) =>
        [.. spec.Targets.Select(t => new DeploymentTargetDto { Model = t.Model, Weight = t.Weight })];

    private static DeploymentBatchingDto? Batching(DeploymentSpec spec) =>
        spec.Batching is { } b ? new DeploymentBatchingDto { MaxBatchSize = b.MaxBatchSize, MaxLatencyMs = b.MaxLatencyMs } : null;

    private static DeploymentStatusDto Status(Deployment deployment, DeploymentSlot? slot)
    {
        var live = slot?.Current;
        var serving = live is null
            ? []
            : live.Targets.Concat(live.Shadow is null ? [] : [live.Shadow]).Select(t => new ServedVersionDto
            {
                Model = t.Model.Name,
                Version = t.Model.VersionText,
                Uri = t.Target.Uri,
                Weight = t.Target.Weight,
                Route = t.Route,
                LoadSeconds = Math.Round(t.Model.LoadTime.TotalSeconds, 3),
            }).ToList();
        var current = live?.Plan.Revision == deployment.Revision;
        var state = current && slot?.LoadError is null ? "ready"
            : slot?.LoadError is not null ? "failed"
            : "loading";
        return new DeploymentStatusDto { State = state, Error = slot?.LoadError, ServedRevision = live?.Plan.Revision, Serving = serving };
    }
}
