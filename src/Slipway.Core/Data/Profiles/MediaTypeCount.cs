namespace Slipway.Core.Data.Profiles;

/// <summary>Files of one media type and their total size.</summary>
public sealed record MediaTypeCount(string MediaType, long Count, long Bytes);
