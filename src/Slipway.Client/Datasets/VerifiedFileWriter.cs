using System.Buffers;
using System.Security.Cryptography;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Client.Datasets;

/// <summary>
/// Writes downloaded bytes to a temporary file beside their destination while hashing them, and moves the file into
/// place only when size and hash match the manifest. An interrupted or corrupt download never leaves a wrong file
/// under a dataset path, and the move within one directory is atomic.
/// </summary>
internal static class VerifiedFileWriter
{
    public const string TemporarySuffix = ".slipway-partial";

    /// <param name="destination">A full path whose directory exists.</param>
    public static async Task WriteAsync(Stream source, ManifestEntry entry, string destination, Action<long>? onBytes, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(destination) ?? throw new ArgumentException($"'{destination}' has no directory.", nameof(destination));

        // Named independently of the destination, whose name may already be as long as the file system allows.
        var temporary = Path.Combine(directory, $".{Guid.NewGuid():N}{TemporarySuffix}");
        var buffer = ArrayPool<byte>.Shared.Rent(FileHasher.ChunkSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long written = 0;
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.Asynchronous,
                // Reserving space costs a call per file; worth it only where fragmentation could be.
                PreallocationSize = entry.Size >= BlobBatches.SmallBlobLimit ? entry.Size : 0,
            };
            await using (var file = new FileStream(temporary, options))
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, FileHasher.ChunkSize), cancellationToken)) > 0)
                {
                    written += read;
                    if (written > entry.Size)
                    {
                        throw Mismatch(entry, $"more than {entry.Size:N0} bytes");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    onBytes?.Invoke(read);
                }
            }

            var actual = ContentHash.FromBytes(hash.GetHashAndReset());
            if (written != entry.Size || actual != entry.Hash)
            {
                throw Mismatch(entry, $"{written:N0} bytes with SHA-256 {actual}");
            }

            File.Move(temporary, destination, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static SlipwayException Mismatch(ManifestEntry entry, string got) =>
        new(ErrorCode.InternalError, $"The bytes received for '{entry.Path}' do not match its manifest: expected {entry.Size:N0} bytes with SHA-256 {entry.Hash}, got {got}. Nothing was written; pull again.");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind, named *.slipway-partial; a cleanup must not hide the original failure.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
