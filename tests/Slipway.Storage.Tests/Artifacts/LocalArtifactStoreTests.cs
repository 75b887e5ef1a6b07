using System.Text;
using Slipway.Core.Artifacts;
using Slipway.Core.Errors;
using Slipway.Storage.Artifacts;
using Xunit;

namespace Slipway.Storage.Tests.Artifacts;

public sealed class LocalArtifactStoreTests : IDisposable
{
    private readonly ArtifactSandbox _sandbox = new();
    private readonly LocalArtifactStore _store;

    public LocalArtifactStoreTests()
    {
        _store = new LocalArtifactStore(_sandbox.Root);
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Write_then_read_returns_the_same_bytes()
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();

        await _store.WriteAsync("model/weights.bin", new MemoryStream(bytes));

        Assert.Equal(bytes, await ReadAllAsync("model/weights.bin"));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_sandbox.InRoot("model/weights.bin")));
    }

    [Fact]
    public async Task Write_replaces_an_existing_artifact()
    {
        await WriteTextAsync("a.txt", "old");
        await WriteTextAsync("a.txt", "new");

        Assert.Equal("new", await ReadTextAsync("a.txt"));
    }

    [Fact]
    public async Task Write_creates_nested_directories()
    {
        await WriteTextAsync("a/b/c/d.txt", "deep");

        Assert.True(File.Exists(_sandbox.InRoot("a/b/c/d.txt")));
        Assert.Equal("deep", await ReadTextAsync("a/./b//c/d.txt"));
    }

    [Fact]
    public async Task Write_rejects_a_path_that_is_a_directory()
    {
        await WriteTextAsync("dir/file.txt", "x");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => WriteTextAsync("dir", "x"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public async Task Write_rejects_a_path_under_a_file()
    {
        await WriteTextAsync("file.txt", "x");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => WriteTextAsync("file.txt/child.txt", "x"));

        Assert.Contains("a parent of it is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_rejects_the_root_and_reserved_upload_names()
    {
        await Assert.ThrowsAsync<SlipwayException>(() => WriteTextAsync("", "x"));
        await Assert.ThrowsAsync<SlipwayException>(() => WriteTextAsync(".slipway-upload-x.tmp", "x"));
    }

    [Fact]
    public async Task A_failed_write_leaves_neither_a_partial_artifact_nor_a_temporary_file()
    {
        await WriteTextAsync("model.bin", "complete old version");

        await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync("model.bin", new FailingStream(bytesBeforeFailure: 100_000)));
        await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync("fresh.bin", new FailingStream(bytesBeforeFailure: 10)));

        Assert.Equal("complete old version", await ReadTextAsync("model.bin"));
        Assert.Null(await _store.OpenReadAsync("fresh.bin"));
        Assert.Equal(["model.bin"], Directory.GetFileSystemEntries(_sandbox.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_the_previous_version()
    {
        await WriteTextAsync("model.bin", "old");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.WriteAsync("model.bin", new MemoryStream(new byte[1000]), cancellation.Token));

        Assert.Equal("old", await ReadTextAsync("model.bin"));
        Assert.Single(Directory.GetFileSystemEntries(_sandbox.Root));
    }

    [Fact]
    public async Task OpenRead_returns_null_for_missing_artifacts_and_directories()
    {
        await WriteTextAsync("dir/a.txt", "x");

        Assert.Null(await _store.OpenReadAsync("missing.txt"));
        Assert.Null(await _store.OpenReadAsync("missing/dir/a.txt"));
        Assert.Null(await _store.OpenReadAsync("dir"));
        Assert.Null(await _store.OpenReadAsync(""));
    }

    [Fact]
    public async Task List_returns_direct_children_sorted_with_sizes_and_root_relative_paths()
    {
        await WriteTextAsync("b.txt", "12345");
        await WriteTextAsync("a.txt", "1");
        await WriteTextAsync("model/MLmodel", "flavors: {}");
        await WriteTextAsync("model/data/weights.bin", "123");
        await WriteTextAsync(".hidden", "h");

        var root = await _store.ListAsync("");
        var model = await _store.ListAsync("model");

        Assert.Equal(
            [new ArtifactEntry(".hidden", false, 1), new ArtifactEntry("a.txt", false, 1), new ArtifactEntry("b.txt", false, 5), new ArtifactEntry("model", true, null)],
            root);
        Assert.Equal([new ArtifactEntry("model/MLmodel", false, 11), new ArtifactEntry("model/data", true, null)], model);
        Assert.Equal([new ArtifactEntry("model/data/weights.bin", false, 3)], await _store.ListAsync("model/data/"));
    }

    [Fact]
    public async Task List_of_a_missing_directory_or_a_file_is_empty()
    {
        await WriteTextAsync("file.txt", "x");

        Assert.Empty(await _store.ListAsync("missing"));
        Assert.Empty(await _store.ListAsync("file.txt"));
    }

    [Fact]
    public async Task List_leaves_out_uploads_in_progress()
    {
        await WriteTextAsync("a.txt", "x");
        File.WriteAllText(_sandbox.InRoot(".slipway-upload-0123.tmp"), "partial");

        Assert.Equal(["a.txt"], (await _store.ListAsync("")).Select(e => e.Path));
    }

    [Fact]
    public async Task Delete_removes_a_file()
    {
        await WriteTextAsync("dir/a.txt", "x");
        await WriteTextAsync("dir/b.txt", "x");

        Assert.True(await _store.DeleteAsync("dir/a.txt"));

        Assert.Equal(["dir/b.txt"], (await _store.ListAsync("dir")).Select(e => e.Path));
    }

    [Fact]
    public async Task Delete_removes_a_directory_tree()
    {
        await WriteTextAsync("run/artifacts/model/MLmodel", "x");
        await WriteTextAsync("run/artifacts/plot.png", "x");
        await WriteTextAsync("other.txt", "x");

        Assert.True(await _store.DeleteAsync("run"));

        Assert.Equal(["other.txt"], (await _store.ListAsync("")).Select(e => e.Path));
    }

    [Fact]
    public async Task Delete_returns_false_when_nothing_is_there()
    {
        Assert.False(await _store.DeleteAsync("missing.txt"));
        Assert.False(await _store.DeleteAsync("missing/deeper"));
    }

    [Fact]
    public async Task Delete_refuses_the_root()
    {
        await WriteTextAsync("keep.txt", "x");

        await Assert.ThrowsAsync<SlipwayException>(() => _store.DeleteAsync(""));
        await Assert.ThrowsAsync<SlipwayException>(() => _store.DeleteAsync("./"));

        Assert.True(File.Exists(_sandbox.InRoot("keep.txt")));
    }

    public static TheoryData<string> TraversalPaths => new()
    {
        "..",
        "../x",
        "../outside/secret.txt",
        "a/../../x",
        "a/../../outside/secret.txt",
        "/etc/passwd",
        "a\\b",
        "..\\outside\\secret.txt",
        "%2e%2e/x",
        "%2E%2E%2Fx",
        "%2e%2e%2foutside%2fsecret.txt",
        "..%2fx",
        "%252e%252e",
        "%252e%252e/outside/secret.txt",
        "C:\\x",
        "C:/x",
        "~/x",
        "a/\0/b",
    };

    [Theory]
    [MemberData(nameof(TraversalPaths))]
    public async Task Every_operation_rejects_traversal_and_touches_nothing_outside(string path)
    {
        var before = _sandbox.SnapshotOutside();

        await AssertInvalid(() => WriteTextAsync(path, "pwned"));
        await AssertInvalid(() => _store.OpenReadAsync(path));
        await AssertInvalid(() => _store.ListAsync(path));
        await AssertInvalid(() => _store.DeleteAsync(path));

        Assert.Equal(before, _sandbox.SnapshotOutside());
        Assert.Equal(ArtifactSandbox.SentinelContent, File.ReadAllText(_sandbox.SentinelFile));
    }

    [Fact]
    public async Task Absolute_path_of_a_file_outside_is_rejected()
    {
        await AssertInvalid(() => _store.OpenReadAsync(_sandbox.SentinelFile));
        await AssertInvalid(() => _store.DeleteAsync(_sandbox.SentinelFile));

        Assert.True(File.Exists(_sandbox.SentinelFile));
    }

    public static TheoryData<string> EscapingLinkPaths => new()
    {
        "escape-dir/secret.txt",
        "escape-relative/secret.txt",
        "escape-file",
        "chain/secret.txt",
        "sub/up-and-out/secret.txt",
        "sub/dotdot/outside/secret.txt",
    };

    [Theory]
    [MemberData(nameof(EscapingLinkPaths))]
    public async Task Read_through_a_symlink_escaping_the_root_is_rejected(string path)
    {
        CreateEscapingLinks();

        var error = await AssertInvalid(() => _store.OpenReadAsync(path));

        Assert.Contains("outside the artifact store", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EscapingLinkPaths))]
    public async Task Write_through_a_symlink_escaping_the_root_is_rejected_and_changes_nothing_outside(string path)
    {
        CreateEscapingLinks();
        var before = _sandbox.SnapshotOutside();

        await AssertInvalid(() => WriteTextAsync(path, "pwned"));
        await AssertInvalid(() => WriteTextAsync(path.Replace("secret.txt", "new.txt", StringComparison.Ordinal), "pwned"));

        Assert.Equal(before, _sandbox.SnapshotOutside());
        Assert.Equal(ArtifactSandbox.SentinelContent, File.ReadAllText(_sandbox.SentinelFile));
    }

    [Theory]
    [InlineData("escape-dir")]
    [InlineData("escape-relative")]
    [InlineData("chain")]
    [InlineData("sub/up-and-out")]
    [InlineData("sub/dotdot/outside")]
    public async Task List_through_a_symlink_escaping_the_root_is_rejected(string path)
    {
        CreateEscapingLinks();

        await AssertInvalid(() => _store.ListAsync(path));
    }

    [Fact]
    public async Task List_leaves_out_links_that_escape_the_root()
    {
        CreateEscapingLinks();

        var entries = await _store.ListAsync("");

        Assert.Equal([new ArtifactEntry("sub", true, null)], entries);
    }

    [Theory]
    [InlineData("escape-dir")]
    [InlineData("escape-dir/secret.txt")]
    [InlineData("escape-relative")]
    [InlineData("escape-file")]
    [InlineData("chain/secret.txt")]
    [InlineData("sub/up-and-out")]
    public async Task Delete_through_a_symlink_escaping_the_root_is_rejected_and_deletes_nothing(string path)
    {
        CreateEscapingLinks();
        var before = _sandbox.SnapshotOutside();

        await AssertInvalid(() => _store.DeleteAsync(path));

        Assert.Equal(before, _sandbox.SnapshotOutside());
        Assert.NotNull(new FileInfo(_sandbox.InRoot("escape-dir")).LinkTarget);
    }

    [Fact]
    public async Task Deleting_a_tree_that_contains_an_escaping_link_removes_the_link_not_its_target()
    {
        await WriteTextAsync("tree/inside.txt", "x");
        Directory.CreateSymbolicLink(_sandbox.InRoot("tree/link-out"), _sandbox.Outside);
        var before = _sandbox.SnapshotOutside();

        Assert.True(await _store.DeleteAsync("tree"));

        Assert.False(Directory.Exists(_sandbox.InRoot("tree")));
        Assert.Equal(before, _sandbox.SnapshotOutside());
    }

    [Fact]
    public async Task Links_that_stay_inside_the_root_are_followed()
    {
        await WriteTextAsync("data/file.txt", "inside");
        Directory.CreateSymbolicLink(_sandbox.InRoot("alias"), "data");
        File.CreateSymbolicLink(_sandbox.InRoot("file-alias"), Path.Combine("data", "file.txt"));
        Directory.CreateSymbolicLink(_sandbox.InRoot("data/self"), "..");

        Assert.Equal("inside", await ReadTextAsync("alias/file.txt"));
        Assert.Equal("inside", await ReadTextAsync("file-alias"));
        Assert.Equal("inside", await ReadTextAsync("data/self/data/file.txt"));
        Assert.Equal([new ArtifactEntry("alias/file.txt", false, 6), new ArtifactEntry("alias/self", true, null)], await _store.ListAsync("alias"));
        Assert.Contains(new ArtifactEntry("file-alias", false, 6), await _store.ListAsync(""));
    }

    [Fact]
    public async Task Deleting_an_inside_link_removes_the_link_and_keeps_its_target()
    {
        await WriteTextAsync("data/file.txt", "inside");
        Directory.CreateSymbolicLink(_sandbox.InRoot("alias"), "data");

        Assert.True(await _store.DeleteAsync("alias"));

        Assert.False(Path.Exists(_sandbox.InRoot("alias")));
        Assert.Equal("inside", await ReadTextAsync("data/file.txt"));
    }

    [Fact]
    public async Task A_link_loop_is_rejected()
    {
        Directory.CreateSymbolicLink(_sandbox.InRoot("loop-a"), "loop-b");
        Directory.CreateSymbolicLink(_sandbox.InRoot("loop-b"), "loop-a");

        var error = await AssertInvalid(() => _store.OpenReadAsync("loop-a/x"));

        Assert.Contains("too many levels of symbolic links", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Links inside the root that lead outside in every way we know: absolute and relative directory links, a file
    /// link, a chain of links, a link deeper down climbing out, and a ".." link that steps above the root.
    /// </summary>
    private void CreateEscapingLinks()
    {
        Directory.CreateSymbolicLink(_sandbox.InRoot("escape-dir"), _sandbox.Outside);
        Directory.CreateSymbolicLink(_sandbox.InRoot("escape-relative"), Path.Combine("..", "outside"));
        File.CreateSymbolicLink(_sandbox.InRoot("escape-file"), _sandbox.SentinelFile);
        Directory.CreateSymbolicLink(_sandbox.InRoot("chain"), "escape-relative");
        Directory.CreateDirectory(_sandbox.InRoot("sub"));
        Directory.CreateSymbolicLink(_sandbox.InRoot("sub/up-and-out"), Path.Combine("..", "..", "outside"));
        Directory.CreateSymbolicLink(_sandbox.InRoot("sub/dotdot"), Path.Combine("..", ".."));
    }

    private static async Task<SlipwayException> AssertInvalid(Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<SlipwayException>(action);
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        return error;
    }

    private Task WriteTextAsync(string path, string text) =>
        _store.WriteAsync(path, new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private async Task<string> ReadTextAsync(string path) => Encoding.UTF8.GetString(await ReadAllAsync(path));

    private async Task<byte[]> ReadAllAsync(string path)
    {
        await using var stream = await _store.OpenReadAsync(path) ?? throw new FileNotFoundException(path);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>A request body that breaks off mid-upload, like a dropped client connection.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _remaining = bytesBeforeFailure;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_remaining <= 0)
            {
                throw new IOException("connection reset");
            }

            var n = Math.Min(count, _remaining);
            Array.Fill(buffer, (byte)'x', offset, n);
            _remaining -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
