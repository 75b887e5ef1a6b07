namespace Slipway.Client.Models;

/// <summary>One downloaded file of a cached model version: its '/'-separated path in the model directory and its size.</summary>
internal sealed record ModelCacheFile(string Path, long Size);
