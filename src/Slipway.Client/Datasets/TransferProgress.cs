namespace Slipway.Client.Datasets;

/// <summary>
/// A snapshot of a push or pull, reported a few times a second (and at the start and end of each phase). Totals are
/// known when a phase starts; <see cref="BytesTotal"/> counts each distinct content once.
/// </summary>
public readonly record struct TransferProgress(TransferPhase Phase, long BytesDone, long BytesTotal, int FilesDone, int FilesTotal);
