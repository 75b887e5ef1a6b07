namespace Slipway.Core.Data.Profiles;

/// <summary>Images directly in one folder (its path in the version, "" for the root) and their total size.</summary>
public sealed record FolderCount(string Folder, long Count, long Bytes);
