using Slipway.Client.Deployments;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Serving;

namespace Slipway.Client.Wire;

/// <summary>
/// Between the deployments API's wire records and the SDK's. Missing fields read as the server's defaults (weight
/// 100, log sample rate 1, batching latency 5 ms), and a state this client does not know reads as loading, so that a
/// newer server's answers still map.
/// </summary>
internal static class DeploymentWireMapper
{
    public static DeploymentRequest ToRequest(string? name, DeploymentSpec spec, string? description, long? expectedRevision) => new()
    {
        Name = name,
        Description = description,
        Targets = [.. spec.Targets.Select(t => new WireDeploymentTarget { Model = t.Model, Weight = t.Weight })],
        Shadow = spec.Shadow,
        StickyHeader = spec.StickyHeader,
        Batching = spec.Batching is { } b ? new WireDeploymentBatching { MaxBatchSize = b.MaxBatchSize, MaxLatencyMs = b.MaxLatencyMs } : null,
        LogSampleRate = spec.LogSampleRate,
        LogWebhook = spec.LogWebhook,
        ExpectedRevision = expectedRevision,
    };

    public static DeploymentInfo ToDomain(this WireDeployment wire) => new(
        wire.Name ?? string.Empty,
        wire.Description,
        wire.Revision,
        Spec(wire.Targets, wire.Shadow, wire.StickyHeader, wire.Batching, wire.LogSampleRate, wire.LogWebhook),
        wire.CreationTimestamp,
        wire.LastUpdatedTimestamp,
        wire.CreatedBy,
        wire.UpdatedBy,
        wire.Status is { } status
            ? new DeploymentStatus(
                ParseState(status.State),
                status.Error,
                status.ServedRevision,
                status.Serving?.Select(s => new ServedVersion(
                    s.Model ?? string.Empty, s.Version ?? string.Empty, s.Uri ?? string.Empty, s.Weight, s.Route ?? string.Empty, s.LoadSeconds)).ToArray() ?? [])
            : new DeploymentStatus(DeploymentState.Loading, null, null, []));

    public static DeploymentRevision ToDomain(this WireDeploymentRevision wire) => new(
        wire.Revision,
        Spec(wire.Targets, wire.Shadow, wire.StickyHeader, wire.Batching, wire.LogSampleRate, wire.LogWebhook),
        wire.CreationTimestamp,
        wire.CreatedBy,
        wire.Change ?? string.Empty);

    public static DeploymentState ParseState(string? state) => state switch
    {
        "ready" => DeploymentState.Ready,
        "failed" => DeploymentState.Failed,
        _ => DeploymentState.Loading,
    };

    private static DeploymentSpec Spec(
        List<WireDeploymentTarget>? targets, string? shadow, string? stickyHeader, WireDeploymentBatching? batching, double? logSampleRate, string? logWebhook) => new(
        targets?.Select(t => new DeploymentTarget(t.Model ?? string.Empty, t.Weight ?? 100)).ToArray() ?? [],
        shadow,
        stickyHeader,
        batching is { MaxBatchSize: { } size } ? new DeploymentBatching(size, batching.MaxLatencyMs ?? 5) : null,
        logSampleRate ?? 1,
        logWebhook);
}
