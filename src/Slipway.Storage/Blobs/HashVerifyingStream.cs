using System.Security.Cryptography;
using Slipway.Core.Data;

namespace Slipway.Storage.Blobs;

/// <summary>
/// Reads through another stream while hashing, and throws <see cref="InvalidDataException"/> when the end is reached
/// and the bytes do not match the expected hash: a damaged blob fails its reader instead of being served silently.
/// </summary>
internal sealed class HashVerifyingStream(Stream inner, ContentHash expected, string description) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _checked;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Account(buffer[..read], buffer.Length);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..read], buffer.Length);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Hashes what was read; a read of nothing into a non-empty buffer is the end, where the hash is checked.</summary>
    private void Account(ReadOnlySpan<byte> bytes, int requested)
    {
        if (bytes.Length > 0)
        {
            _hash.AppendData(bytes);
            return;
        }

        if (requested == 0 || _checked)
        {
            return;
        }

        _checked = true;
        var actual = ContentHash.FromBytes(_hash.GetHashAndReset());
        if (actual != expected)
        {
            throw new InvalidDataException($"{description} is damaged: its bytes hash to {actual}, not {expected}.");
        }
    }
}
