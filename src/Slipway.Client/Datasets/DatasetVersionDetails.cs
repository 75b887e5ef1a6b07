using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Client.Datasets;

/// <summary>One dataset version with the profile the server computed when it was committed (null when it has none).</summary>
public sealed record DatasetVersionDetails(DatasetVersion Version, DatasetProfile? Profile);
