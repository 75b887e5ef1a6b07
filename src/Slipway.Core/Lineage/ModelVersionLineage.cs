using Slipway.Core.Data;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Core.Lineage;

/// <summary>
/// Where a model version came from: its source run (if known), the datasets that run logged as inputs, and the
/// Slipway dataset versions among them, pinned when they were logged.
/// </summary>
public sealed record ModelVersionLineage(ModelVersion ModelVersion, RunInfo? Run, IReadOnlyList<DatasetInput> Datasets, IReadOnlyList<DatasetVersionId> DatasetVersions);
