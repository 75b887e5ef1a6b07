using System.Text;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Data.Datasets;
using Slipway.Storage;
using Slipway.Storage.Blobs;

namespace Slipway.Data.Tests.Datasets;

/// <summary>The push rules over a real SQLite store and real blob files.</summary>
public sealed class DatasetServiceTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "slipway-datasets-" + Guid.NewGuid().ToString("N"));
    private Core.Stores.IMetadataStore? _store;
    private LocalBlobStore? _blobs;
    private DatasetService? _service;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _store = await MetadataStoreFactory.OpenAsync("sqlite:///" + Path.Combine(_root, "slipway.db"), new StoreOptions { DefaultArtifactRoot = "mlflow-artifacts:/" });
        _blobs = new LocalBlobStore(Path.Combine(_root, "blobs"));
        _service = new DatasetService(_store, _blobs, new Blobs.BlobSweepGate(), new Profiling.VersionProfiler(_blobs));
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_push_uploads_only_missing_blobs_and_commits_once_all_are_there()
    {
        var shared = Entry("train.csv", "a,b\n1,2\n");
        var changed = Entry("test.csv", "a,b\n3,4\n");
        Assert.Equal([shared.Hash, changed.Hash], await _service!.PlanPushAsync("team", "fraud", [shared, changed]));

        await UploadAsync(shared, "a,b\n1,2\n");
        var error = await Assert.ThrowsAsync<SlipwayException>(() => _service.CommitAsync("team", new NewDatasetVersion("fraud", [shared, changed])));
        Assert.Contains("1 file content(s) have not been uploaded yet", error.Message, StringComparison.Ordinal);
        Assert.Contains("test.csv", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store!.ListDatasetsAsync("team"));

        await UploadAsync(changed, "a,b\n3,4\n");
        var version = (await _service.CommitAsync("team", new NewDatasetVersion("fraud", [shared, changed]))).Version;
        Assert.Equal(1, version.Version);

        // The next version changes one file: only that one is missing.
        var edited = Entry("test.csv", "a,b\n5,6\n");
        Assert.Equal([edited.Hash], await _service.PlanPushAsync("team", "fraud", [shared, edited]));
        Assert.Equal(1, await _service.ResolveAsync("team", DatasetReference.Parse("data:fraud")));
        Assert.Equal(1, await _service.ResolveAsync("team", DatasetReference.Parse("data:fraud@1")));
        await Assert.ThrowsAsync<SlipwayException>(() => _service.ResolveAsync("team", DatasetReference.Parse("data:fraud@2")));
    }

    [Theory]
    [InlineData("../escape.csv", "Invalid artifact path")]
    [InlineData("a//b.csv", "expected a clean relative path such as 'a/b.csv'")]
    [InlineData("", "expected a clean relative path")]
    [InlineData("dup.csv", "more than once")]
    public async Task Bad_manifests_are_refused_before_anything_is_uploaded(string path, string why)
    {
        ManifestEntry[] files = path == "dup.csv" ? [Entry(path, "x"), Entry(path, "y")] : [Entry(path, "x")];

        var error = await Assert.ThrowsAsync<SlipwayException>(() => _service!.PlanPushAsync("team", "fraud", files));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    private static ManifestEntry Entry(string path, string content) =>
        new(path, Encoding.UTF8.GetByteCount(content), ContentHash.Of(Encoding.UTF8.GetBytes(content)), "text/csv");

    private Task<long> UploadAsync(ManifestEntry entry, string content) =>
        _blobs!.PutAsync("team", entry.Hash, new MemoryStream(Encoding.UTF8.GetBytes(content)));
}
