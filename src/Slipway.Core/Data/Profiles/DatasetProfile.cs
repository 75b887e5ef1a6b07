namespace Slipway.Core.Data.Profiles;

/// <summary>
/// What a version holds, computed once when it is committed and stored with it: a profile per tabular file (CSV,
/// Parquet) and a summary of its images. These are the reference statistics drift monitoring compares against later.
/// </summary>
public sealed record DatasetProfile
{
    public IReadOnlyList<TableProfile> Tables { get; init; } = [];

    /// <summary>Null when the version has no images.</summary>
    public ImageSummary? Images { get; init; }
}
