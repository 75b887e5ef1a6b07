namespace Slipway.Core.Data;

/// <summary>One version of a dataset, pinned by number (what lineage records, since tags move).</summary>
public sealed record DatasetVersionId(string Dataset, long Version)
{
    public override string ToString() => $"{DatasetReference.Scheme}{Dataset}@{Version}";
}
