using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// Rows whose value breaks an expectation: how many, how many distinct values they hold, and the most frequent of
/// those values with their row counts.
/// </summary>
internal sealed record Violations(long Rows, long Values, IReadOnlyList<ValueFrequency> Examples);
