using System.Globalization;
using System.Text.Json;
using Slipway.Client.Datasets;
using Slipway.Core.Data;

namespace Slipway.Client.Wire;

/// <summary>Maps the dataset API's wire records to Slipway.Core.Data records and the SDK's dataset results, and back.</summary>
internal static class DatasetWireMapper
{
    public static DatasetSummary ToDomain(this WireDatasetSummary wire) =>
        new(wire.Name ?? string.Empty, wire.LatestVersion, wire.CreationTime, wire.LastUpdatedTime);

    public static DatasetVersion ToDomain(this WireDatasetVersion wire) => new(
        Dataset: wire.Dataset ?? string.Empty,
        Version: wire.Version,
        CreationTime: wire.CreationTime,
        Creator: wire.Creator,
        Message: wire.Message,
        ParentVersion: wire.ParentVersion,
        FileCount: wire.FileCount,
        TotalBytes: wire.TotalBytes,
        Metadata: null,
        Tags: wire.Tags?.ToArray() ?? []);

    /// <exception cref="Core.Errors.SlipwayException">The server sent a hash that is not 64 lower-case hex digits.</exception>
    public static ManifestEntry ToDomain(this WireFileEntry wire) =>
        new(wire.Path ?? string.Empty, wire.Size, ContentHash.Parse(wire.Hash), wire.MediaType ?? MediaTypes.Default);

    public static WireFileEntry ToWire(this ManifestEntry entry) =>
        new() { Path = entry.Path, Size = entry.Size, Hash = entry.Hash.Hex, MediaType = entry.MediaType };

    public static List<WireFileEntry> ToWire(IEnumerable<ManifestEntry> files) => files.Select(ToWire).ToList();

    public static IReadOnlyList<ManifestEntry> ToDomain(List<WireFileEntry>? files) => files?.Select(ToDomain).ToArray() ?? [];

    public static DatasetDiff ToDomain(this WireDatasetDiff wire) => new(
        wire.From ?? string.Empty,
        wire.To ?? string.Empty,
        ToDomain(wire.Added),
        ToDomain(wire.Removed),
        wire.Changed?.Select(c => new DatasetFileChange(
            c.Path ?? c.To?.Path ?? string.Empty,
            (c.From ?? new WireFileEntry()).ToDomain(),
            (c.To ?? new WireFileEntry()).ToDomain())).ToArray() ?? [],
        wire.UnchangedCount,
        wire.Tables?.Select(t => new DatasetTableDiff(
            t.Path ?? string.Empty,
            t.FromRowCount,
            t.ToRowCount,
            t.AddedColumns?.Select(ToDomain).ToArray() ?? [],
            t.RemovedColumns?.Select(ToDomain).ToArray() ?? [],
            t.ChangedColumns?.Select(c => new DiffColumnTypeChange(c.Name ?? string.Empty, c.FromType ?? string.Empty, c.ToType ?? string.Empty)).ToArray() ?? [])).ToArray() ?? []);

    public static DatasetValidationReport ToDomain(this WireValidationReport wire) => new(
        wire.Passed,
        wire.Results?.Select(r => new ExpectationResult(
            r.Kind ?? string.Empty,
            r.Table,
            r.Column,
            string.IsNullOrEmpty(r.Severity) ? ExpectationResult.ErrorSeverity : r.Severity,
            r.Passed,
            AsText(r.Observed),
            AsText(r.Expected),
            r.Message)).ToArray() ?? []);

    public static DatasetLineage ToDomain(this WireDatasetLineage wire) => new(
        wire.Dataset ?? string.Empty,
        wire.Version,
        wire.Runs?.Select(r => new LineageRun(r.RunId ?? string.Empty, r.ExperimentId ?? string.Empty, r.RunName, r.Status)).ToArray() ?? [],
        wire.ModelVersions?.Select(m => new LineageModelVersion(m.Name ?? string.Empty, m.Version ?? string.Empty, m.RunId)).ToArray() ?? []);

    private static DiffColumn ToDomain(WireColumnType wire) => new(wire.Name ?? string.Empty, wire.Type ?? string.Empty);

    /// <summary>A JSON value as people read it: strings without quotes, numbers in invariant form, anything else as JSON.</summary>
    private static string? AsText(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var whole) => whole.ToString(CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.Number } number => number.GetDouble().ToString("G6", CultureInfo.InvariantCulture),
        { } other => other.GetRawText(),
    };
}
