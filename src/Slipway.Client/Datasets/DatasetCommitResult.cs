using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Client.Datasets;

/// <summary>
/// The answer to a commit: the new version (<see cref="Created"/> true), or the latest version when the manifest was
/// identical to it (false), with its profile.
/// </summary>
public sealed record DatasetCommitResult(DatasetVersion Version, DatasetProfile? Profile, bool Created);
