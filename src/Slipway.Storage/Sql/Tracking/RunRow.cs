using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>A run's info with its internal key, which child rows (metrics, params, tags, inputs) reference.</summary>
internal sealed record RunRow(long Key, RunInfo Info);
