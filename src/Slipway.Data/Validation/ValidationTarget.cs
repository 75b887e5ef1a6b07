using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// The dataset version a suite runs against: its stored profile, a local copy of each tabular file for the checks the
/// profile cannot answer (keyed by manifest path), and a way to load another version's profile for
/// <c>schema_matches</c> (throwing a not-found <see cref="Core.Errors.SlipwayException"/> for a version that does not exist).
/// </summary>
public sealed record ValidationTarget(
    DatasetProfile Profile,
    IReadOnlyDictionary<string, string> LocalFiles,
    Func<long, CancellationToken, Task<DatasetProfile>> LoadProfileAsync);
