using Slipway.Core.Data;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Core.Lineage;

/// <summary>Who used a dataset version: the runs that logged it as an input and the model versions registered from them.</summary>
public sealed record DatasetVersionLineage(DatasetVersionId Version, IReadOnlyList<RunInfo> Runs, IReadOnlyList<ModelVersion> ModelVersions);
