using System.Security.Cryptography;
using Slipway.Client.Datasets;
using Slipway.Core.Data;

namespace Slipway.Client.Tests.Datasets;

public sealed class FileHasherTests : IDisposable
{
    private const int MiB = 1 << 20;

    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-hash-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(MiB - 1)]
    [InlineData(MiB)]
    [InlineData(MiB + 1)]
    [InlineData((7 * MiB) / 2)]
    public async Task The_hash_is_the_SHA_256_of_the_whole_file_and_progress_adds_up_to_its_size(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(_directory, "file.bin");
        await File.WriteAllBytesAsync(path, bytes);
        long reported = 0;

        var hashed = await FileHasher.HashAsync(path, n => reported += n, CancellationToken.None);

        Assert.Equal(ContentHash.FromBytes(SHA256.HashData(bytes)), hashed.Hash);
        Assert.Equal(size, hashed.Size);
        Assert.Equal(size, reported);
    }
}
