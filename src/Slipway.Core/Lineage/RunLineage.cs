using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Core.Lineage;

/// <summary>What a run consumed (dataset inputs) and what it produced (registered model versions).</summary>
public sealed record RunLineage(RunInfo Run, IReadOnlyList<DatasetInput> Datasets, IReadOnlyList<ModelVersion> ModelVersions);
