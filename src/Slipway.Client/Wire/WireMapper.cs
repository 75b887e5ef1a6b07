using System.Globalization;
using Slipway.Core.Artifacts;
using Slipway.Core.Registry;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Client.Wire;

/// <summary>
/// Maps MLflow wire records to Slipway.Core domain records and back. Missing fields become empty values, so a
/// sparse response from an older server still maps.
/// </summary>
internal static class WireMapper
{
    public static Experiment ToDomain(this WireExperiment wire) => new(
        ExperimentId: wire.ExperimentId ?? string.Empty,
        WorkspaceId: Workspaces.Default,
        Name: wire.Name ?? string.Empty,
        ArtifactLocation: wire.ArtifactLocation ?? string.Empty,
        LifecycleStage: EnumNames.ParseLifecycleStage(wire.LifecycleStage ?? "active"),
        CreationTime: wire.CreationTime ?? 0,
        LastUpdateTime: wire.LastUpdateTime ?? 0,
        Tags: ToTags(wire.Tags));

    public static RunInfo ToDomain(this WireRunInfo wire) => new(
        RunId: wire.RunId ?? wire.RunUuid ?? string.Empty,
        ExperimentId: wire.ExperimentId ?? string.Empty,
        RunName: wire.RunName ?? string.Empty,
        UserId: wire.UserId ?? string.Empty,
        Status: EnumNames.TryParseRunStatus(wire.Status, out var status) ? status : RunStatus.Running,
        StartTime: wire.StartTime ?? 0,
        EndTime: wire.EndTime,
        ArtifactUri: wire.ArtifactUri ?? string.Empty,
        LifecycleStage: EnumNames.ParseLifecycleStage(wire.LifecycleStage ?? "active"));

    public static Run ToDomain(this WireRun wire) => new(
        Info: (wire.Info ?? new WireRunInfo()).ToDomain(),
        Metrics: wire.Data?.Metrics?.Select(ToDomain).ToArray() ?? [],
        Params: wire.Data?.Params?.Select(p => new Param(p.Key ?? string.Empty, p.Value ?? string.Empty)).ToArray() ?? [],
        Tags: ToTags(wire.Data?.Tags),
        Inputs: wire.Inputs?.DatasetInputs?.Select(ToDomain).ToArray() ?? []);

    public static Metric ToDomain(this WireMetric wire) => new(wire.Key ?? string.Empty, wire.Value, wire.Timestamp, wire.Step);

    public static DatasetInput ToDomain(this WireDatasetInput wire)
    {
        var dataset = wire.Dataset ?? new WireDataset();
        return new DatasetInput(
            new Dataset(
                dataset.Name ?? string.Empty,
                dataset.Digest ?? string.Empty,
                dataset.SourceType ?? string.Empty,
                dataset.Source ?? string.Empty,
                dataset.Schema,
                dataset.Profile),
            ToTags(wire.Tags));
    }

    public static ArtifactEntry ToDomain(this WireFileInfo wire) =>
        new(wire.Path ?? string.Empty, wire.IsDir, wire.IsDir ? null : wire.FileSize);

    public static RegisteredModel ToDomain(this WireRegisteredModel wire) => new(
        WorkspaceId: Workspaces.Default,
        Name: wire.Name ?? string.Empty,
        CreationTimestamp: wire.CreationTimestamp ?? 0,
        LastUpdatedTimestamp: wire.LastUpdatedTimestamp ?? 0,
        UserId: wire.UserId,
        Description: wire.Description,
        LatestVersions: wire.LatestVersions?.Select(ToDomain).ToArray() ?? [],
        Tags: ToTags(wire.Tags),
        Aliases: wire.Aliases?.Select(a => new RegisteredModelAlias(a.Alias ?? string.Empty, a.Version ?? string.Empty)).ToArray() ?? []);

    public static ModelVersion ToDomain(this WireModelVersion wire) => new(
        Name: wire.Name ?? string.Empty,
        Version: long.TryParse(wire.Version, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) ? version : 0,
        CreationTimestamp: wire.CreationTimestamp ?? 0,
        LastUpdatedTimestamp: wire.LastUpdatedTimestamp ?? 0,
        UserId: wire.UserId,
        CurrentStage: ModelStage.TryNormalize(wire.CurrentStage, out var stage) ? stage : wire.CurrentStage ?? ModelStage.None,
        Description: wire.Description,
        Source: wire.Source ?? string.Empty,
        RunId: wire.RunId,
        RunLink: wire.RunLink,
        Status: ParseModelVersionStatus(wire.Status),
        StatusMessage: wire.StatusMessage,
        Tags: ToTags(wire.Tags),
        Aliases: wire.Aliases?.ToArray() ?? []);

    public static WireKeyValue ToWire(this Tag tag) => new() { Key = tag.Key, Value = tag.Value };

    public static WireKeyValue ToWire(this Param param) => new() { Key = param.Key, Value = param.Value };

    public static WireMetric ToWire(this Metric metric) =>
        new() { Key = metric.Key, Value = metric.Value, Timestamp = metric.Timestamp, Step = metric.Step };

    public static WireDatasetInput ToWire(this DatasetInput input) => new()
    {
        Tags = ToWire(input.Tags),
        Dataset = new WireDataset
        {
            Name = input.Dataset.Name,
            Digest = input.Dataset.Digest,
            SourceType = input.Dataset.SourceType,
            Source = input.Dataset.Source,
            Schema = input.Dataset.Schema,
            Profile = input.Dataset.Profile,
        },
    };

    /// <summary>Null for an empty list, so that optional lists are left out of request bodies.</summary>
    public static List<WireKeyValue>? ToWire(IEnumerable<Tag>? tags)
    {
        var list = tags?.Select(ToWire).ToList();
        return list is { Count: > 0 } ? list : null;
    }

    private static ModelVersionStatus ParseModelVersionStatus(string? text) => text switch
    {
        "PENDING_REGISTRATION" => ModelVersionStatus.PendingRegistration,
        "FAILED_REGISTRATION" => ModelVersionStatus.FailedRegistration,
        _ => ModelVersionStatus.Ready,
    };

    private static Tag[] ToTags(List<WireKeyValue>? tags) =>
        tags?.Select(t => new Tag(t.Key ?? string.Empty, t.Value ?? string.Empty)).ToArray() ?? [];
}
