using Slipway.Core.Data;

namespace Slipway.Data.Datasets;

/// <summary>The version a push ended with, and whether the push created it (false: the data matched the latest version).</summary>
public sealed record CommitResult(DatasetVersion Version, bool Created);
