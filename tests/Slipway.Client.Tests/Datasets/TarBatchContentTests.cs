using System.Formats.Tar;
using Slipway.Client.Datasets;
using Slipway.Core.Data;

namespace Slipway.Client.Tests.Datasets;

public sealed class TarBatchContentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-tar-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_batch_is_a_tar_of_the_files_each_named_by_its_hash()
    {
        var contents = new[] { "a,b\n1,2\n"u8.ToArray(), Array.Empty<byte>(), Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray() };
        var blobs = contents.Select((bytes, i) =>
        {
            var path = Path.Combine(_directory, $"file{i}");
            File.WriteAllBytes(path, bytes);
            return new LocalBlob(ContentHash.Of(bytes), path, bytes.Length);
        }).ToArray();
        long reported = 0;
        using var content = new TarBatchContent(blobs, n => Interlocked.Add(ref reported, n));
        Assert.Null(content.Headers.ContentLength);

        var archive = new MemoryStream(await content.ReadAsByteArrayAsync());

        Assert.Equal("application/x-tar", content.Headers.ContentType?.MediaType);
        using var reader = new TarReader(archive);
        var entries = new List<(string Name, TarEntryType Type, byte[] Bytes)>();
        while (reader.GetNextEntry() is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add((entry.Name, entry.EntryType, data.ToArray()));
        }

        Assert.Equal(blobs.Select(b => b.Hash.Hex), entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(TarEntryType.RegularFile, e.Type));
        Assert.Equal(contents, entries.Select(e => e.Bytes));
        Assert.Equal(contents.Sum(c => c.Length), reported);
    }
}
