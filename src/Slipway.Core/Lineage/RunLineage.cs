using Slipway.Core.Data;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Core.Lineage;

/// <summary>
/// What a run consumed (dataset inputs, and the Slipway dataset versions among them) and what it produced
/// (registered model versions).
/// </summary>
public sealed record RunLineage(RunInfo Run, IReadOnlyList<DatasetInput> Datasets, IReadOnlyList<DatasetVersionId> DatasetVersions, IReadOnlyList<ModelVersion> ModelVersions);
