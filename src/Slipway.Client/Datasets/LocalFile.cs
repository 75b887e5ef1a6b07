namespace Slipway.Client.Datasets;

/// <summary>A file to push: its path in the dataset ('/'-separated), where it is on disk, and its size when found.</summary>
internal sealed record LocalFile(string RelativePath, string FullPath, long Size);
