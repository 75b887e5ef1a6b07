using System.Text;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Storage.Blobs;

namespace Slipway.Storage.Tests.Blobs;

public sealed class LocalBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "slipway-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly LocalBlobStore _store;

    public LocalBlobStoreTests()
    {
        _store = new LocalBlobStore(_root);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_blob_is_stored_once_under_its_hash_and_read_back_verified()
    {
        var bytes = Encoding.UTF8.GetBytes("label,value\ncat,1\n");
        var hash = ContentHash.Of(bytes);

        Assert.Equal(bytes.Length, await _store.PutAsync("team", hash, new MemoryStream(bytes)));
        Assert.Equal(bytes.Length, await _store.PutAsync("team", hash, new MemoryStream(bytes)));

        Assert.True(await _store.ExistsAsync("team", hash));
        await using var read = await _store.OpenReadAsync("team", hash);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Single(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Content_that_does_not_match_its_claimed_hash_is_refused_and_leaves_nothing()
    {
        var claimed = ContentHash.Of("what the manifest said"u8);

        var error = await Assert.ThrowsAsync<SlipwayException>(() => _store.PutAsync("team", claimed, new MemoryStream("something else"u8.ToArray())));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(claimed.Hex, error.Message, StringComparison.Ordinal);
        Assert.False(await _store.ExistsAsync("team", claimed));
        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_blob_damaged_on_disk_fails_its_reader()
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var hash = ContentHash.Of(bytes);
        await _store.PutAsync("team", hash, new MemoryStream(bytes));
        var file = Directory.GetFiles(_root, hash.Hex, SearchOption.AllDirectories).Single();
        var damaged = File.ReadAllBytes(file);
        damaged[123_456] ^= 0xFF;
        File.WriteAllBytes(file, damaged);

        await using var read = await _store.OpenReadAsync("team", hash);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => read!.CopyToAsync(Stream.Null));
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspaces_hold_their_own_blobs_and_missing_ones_are_listed_once_in_order()
    {
        var a = ContentHash.Of("a"u8);
        var b = ContentHash.Of("b"u8);
        var c = ContentHash.Of("c"u8);
        await _store.PutAsync("team", a, new MemoryStream("a"u8.ToArray()));

        Assert.False(await _store.ExistsAsync("other", a));
        Assert.Null(await _store.OpenReadAsync("other", a));
        Assert.Equal([c, b], await _store.FindMissingAsync("team", [c, a, b, c]));
        Assert.Equal([a], await _store.FindMissingAsync("other", [a]));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("Team")]
    [InlineData("")]
    [InlineData("a/b")]
    public async Task Workspace_ids_that_are_not_safe_directory_names_are_refused(string workspace)
    {
        var hash = ContentHash.Of("x"u8);

        var error = await Assert.ThrowsAsync<SlipwayException>(() => _store.PutAsync(workspace, hash, new MemoryStream("x"u8.ToArray())));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.False(Directory.Exists(Path.Combine(_root, "..", "escape")));
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_content_all_succeed_and_store_it_once()
    {
        var bytes = new byte[1 << 20];
        Random.Shared.NextBytes(bytes);
        var hash = ContentHash.Of(bytes);

        var sizes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.PutAsync("team", hash, new MemoryStream(bytes)))));

        Assert.All(sizes, size => Assert.Equal(bytes.Length, size));
        Assert.Single(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }
}
