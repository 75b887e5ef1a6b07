using Slipway.Client.Datasets;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Client.Tests.Datasets;

public sealed class VerifiedFileWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-write-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Matching_bytes_replace_the_destination()
    {
        var bytes = "fresh content"u8.ToArray();
        var destination = Path.Combine(_directory, "file.txt");
        await File.WriteAllTextAsync(destination, "stale");

        await VerifiedFileWriter.WriteAsync(new MemoryStream(bytes), Entry(bytes), destination, onBytes: null, CancellationToken.None);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(destination));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Theory]
    [InlineData("other content")]
    [InlineData("fresh content and more")]
    [InlineData("fresh")]
    public async Task Bytes_that_do_not_match_the_manifest_leave_the_destination_and_no_temporary_file(string received)
    {
        var expected = "fresh content"u8.ToArray();
        var destination = Path.Combine(_directory, "file.txt");
        await File.WriteAllTextAsync(destination, "stale");

        var ex = await Assert.ThrowsAsync<SlipwayException>(() =>
            VerifiedFileWriter.WriteAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received)), Entry(expected), destination, onBytes: null, CancellationToken.None));

        Assert.Contains("do not match its manifest", ex.Message, StringComparison.Ordinal);
        Assert.Equal("stale", await File.ReadAllTextAsync(destination));
        Assert.Single(Directory.GetFiles(_directory));
    }

    private static ManifestEntry Entry(byte[] bytes) => new("file.txt", bytes.Length, ContentHash.Of(bytes), "text/plain");
}
