using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Slipway.Core.Data;

namespace Slipway.Client.Datasets;

/// <summary>
/// SHA-256 of local files, the hot path of a push. A file that fits in one chunk (most files of a many-small-files
/// dataset) is read with one call and hashed in one shot; a larger file is read ahead into a second buffer while the
/// first is hashed, so a cold disk and the hash work at the same time. Callers hash several files in parallel.
/// </summary>
internal static class FileHasher
{
    public const int ChunkSize = 1 << 20;

    /// <param name="onBytes">Called with each chunk's size as it is hashed (for progress).</param>
    public static async Task<HashedFile> HashAsync(string path, Action<long>? onBytes, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var current = ArrayPool<byte>.Shared.Rent(ChunkSize);
        byte[]? next = null;
        try
        {
            var length = Fill(handle, current.AsSpan(0, ChunkSize), 0);
            if (length < ChunkSize)
            {
                onBytes?.Invoke(length);
                return new HashedFile(ContentHash.FromBytes(SHA256.HashData(current.AsSpan(0, length))), length);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            next = ArrayPool<byte>.Shared.Rent(ChunkSize);
            long offset = length;
            while (length > 0)
            {
                var reading = FillAsync(handle, next.AsMemory(0, ChunkSize), offset, cancellationToken);
                hash.AppendData(current, 0, length);
                onBytes?.Invoke(length);
                length = await reading;
                offset += length;
                (current, next) = (next, current);
            }

            return new HashedFile(ContentHash.FromBytes(hash.GetHashAndReset()), offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            if (next is not null)
            {
                ArrayPool<byte>.Shared.Return(next);
            }
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the file ends; returns the bytes read.</summary>
    private static int Fill(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer[total..], offset + total)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static async Task<int> FillAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await RandomAccess.ReadAsync(handle, buffer[total..], offset + total, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }
}
