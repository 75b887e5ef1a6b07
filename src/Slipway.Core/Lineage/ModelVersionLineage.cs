using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Core.Lineage;

/// <summary>Where a model version came from: its source run (if known) and the datasets that run used.</summary>
public sealed record ModelVersionLineage(ModelVersion ModelVersion, RunInfo? Run, IReadOnlyList<DatasetInput> Datasets);
