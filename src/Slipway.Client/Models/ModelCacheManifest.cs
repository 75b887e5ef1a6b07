namespace Slipway.Client.Models;

/// <summary>
/// What a cached model version was downloaded from and what it held, written beside the model directory when the
/// download completes. A later load checks the cache against it: the same source, every file at its size, and the
/// model file at <see cref="Sha256"/>, which catches a cache edited or corrupted on disk.
/// </summary>
/// <param name="Source">The version's download URI at the time; a different one means the version now names other files.</param>
/// <param name="ModelFile">The model file the descriptor names, relative to the model directory.</param>
/// <param name="Sha256">The model file's SHA-256 as downloaded (checked against the version's tag when it had one).</param>
internal sealed record ModelCacheManifest(
    string Server,
    string Workspace,
    string Model,
    long Version,
    string Source,
    string ModelFile,
    string Sha256,
    IReadOnlyList<ModelCacheFile> Files,
    DateTimeOffset DownloadedAt);
