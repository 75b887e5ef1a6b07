using Slipway.Core.Data;

namespace Slipway.Client.Datasets;

/// <summary>A content to upload and the local file it is read from (the first file with that content).</summary>
internal sealed record LocalBlob(ContentHash Hash, string FullPath, long Size);
