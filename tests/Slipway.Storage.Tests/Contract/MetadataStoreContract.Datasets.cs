using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    private static ManifestEntry File(string path, string content, string type = "text/csv") =>
        new(path, content.Length, ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(content)), type);

    [Fact]
    public async Task Dataset_versions_are_numbered_from_one_keep_their_manifest_and_move_latest()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("ds");
        var first = await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("train.csv", "a,b\n1,2\n"), File("test.csv", "a,b\n")], "alice", "first cut"));
        var second = await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("train.csv", "a,b\n1,2\n3,4\n")], "bob", "more rows", 1, """{"rows":2}"""));

        Assert.Equal(1, first.Version);
        Assert.Equal(2, first.FileCount);
        Assert.Equal(12, first.TotalBytes);
        Assert.Equal(["latest"], first.Tags);
        Assert.Equal(2, second.Version);
        Assert.Equal(1, second.ParentVersion);
        Assert.Equal("""{"rows":2}""", second.Metadata);

        Assert.Equal(2, await Store.ResolveDatasetTagAsync(workspace, name, "latest"));
        var versions = await Store.ListDatasetVersionsAsync(workspace, name);
        Assert.Equal([2L, 1L], versions.Select(v => v.Version));
        Assert.Empty(versions[1].Tags);
        Assert.Equal(
            [File("test.csv", "a,b\n"), File("train.csv", "a,b\n1,2\n")],
            await Store.GetDatasetManifestAsync(workspace, name, 1));
        Assert.Equivalent(first with { Tags = [] }, await Store.GetDatasetVersionAsync(workspace, name, 1), strict: true);

        var listed = Assert.Single(await Store.ListDatasetsAsync(workspace));
        Assert.Equal(name, listed.Name);
        Assert.Equal(2, listed.LatestVersion);
    }

    [Fact]
    public async Task Dataset_tags_point_at_versions_and_move()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("ds");
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "x")]));
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "y")]));

        await Store.SetDatasetTagAsync(workspace, name, "golden", 1);
        Assert.Equal(1, await Store.ResolveDatasetTagAsync(workspace, name, "golden"));
        await Store.SetDatasetTagAsync(workspace, name, "golden", 2);
        Assert.Equal(["golden", "latest"], (await Store.GetDatasetVersionAsync(workspace, name, 2)).Tags);

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetDatasetTagAsync(workspace, name, "golden", 3));
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.SetDatasetTagAsync(workspace, name, "7up", 1));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.ResolveDatasetTagAsync(workspace, name, "silver"));
    }

    [Fact]
    public async Task Datasets_are_per_workspace_and_bad_requests_store_nothing()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        var name = UniqueName("ds");
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "x")]));

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetDatasetVersionAsync(other, name, 1));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetDatasetManifestAsync(workspace, name, 9));
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("b.csv", "y")], ParentVersion: 5)));
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion("../bad", [File("b.csv", "y")])));

        Assert.Equal([1L], (await Store.ListDatasetVersionsAsync(workspace, name)).Select(v => v.Version));
        Assert.Empty(await Store.ListDatasetsAsync(other));
    }

    [Fact]
    public async Task Deleting_a_dataset_version_removes_its_manifest_tags_and_links_and_moves_latest_back()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("ds");
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "1")]));
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "2")]));
        await Store.SetDatasetTagAsync(workspace, name, "golden", 2);
        await Store.LinkRunInputsAsync(workspace, "run-1", [new DatasetVersionId(name, 2)]);

        await Store.DeleteDatasetVersionAsync(workspace, name, 2);

        Assert.Equal(1, await Store.ResolveDatasetTagAsync(workspace, name, "latest"));
        await Assert.ThrowsAsync<SlipwayException>(() => Store.ResolveDatasetTagAsync(workspace, name, "golden"));
        await Assert.ThrowsAsync<SlipwayException>(() => Store.GetDatasetManifestAsync(workspace, name, 2));
        Assert.Empty(await Store.ListRunDatasetVersionsAsync(workspace, "run-1"));
        Assert.Equal(1, Assert.Single(await Store.ListDatasetsAsync(workspace)).LatestVersion);
        Assert.Equal(3, (await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "3")]))).Version);

        await Store.DeleteDatasetVersionAsync(workspace, name, 1);
        await Store.DeleteDatasetVersionAsync(workspace, name, 3);
        Assert.Empty(await Store.ListDatasetsAsync(workspace));
        Assert.Empty(await Store.ListDatasetVersionsAsync(workspace, name));
        var missing = await Assert.ThrowsAsync<SlipwayException>(() => Store.DeleteDatasetVersionAsync(workspace, name, 3));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
    }

    [Fact]
    public async Task Dataset_tags_can_be_removed_except_latest()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("ds");
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "1")]));
        await Store.SetDatasetTagAsync(workspace, name, "golden", 1);

        await Store.DeleteDatasetTagAsync(workspace, name, "golden");

        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<SlipwayException>(() => Store.DeleteDatasetTagAsync(workspace, name, "golden"))).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await Assert.ThrowsAsync<SlipwayException>(() => Store.DeleteDatasetTagAsync(workspace, name, "latest"))).Code);
        Assert.Equal(1, await Store.ResolveDatasetTagAsync(workspace, name, "latest"));
    }

    [Fact]
    public async Task Referenced_blobs_are_found_across_datasets_of_the_workspace_only()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        var a = File("a.csv", "in dataset one");
        var b = File("b.csv", "in dataset two");
        var elsewhere = File("c.csv", "in another workspace");
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(UniqueName("one"), [a]));
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(UniqueName("two"), [b]));
        await Store.CreateDatasetVersionAsync(other, new NewDatasetVersion(UniqueName("three"), [elsewhere]));
        var unknown = Enumerable.Range(0, 600).Select(i => ContentHash.Of(BitConverter.GetBytes(i))).ToList();

        var referenced = await Store.FindReferencedBlobsAsync(workspace, [a.Hash, .. unknown, b.Hash, elsewhere.Hash]);

        Assert.Equal(new HashSet<ContentHash> { a.Hash, b.Hash }, referenced);
        Assert.Empty(await Store.FindReferencedBlobsAsync(workspace, []));
    }

    [Fact]
    public async Task Runs_link_to_dataset_versions_once_and_both_directions_answer()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("ds");
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "1")]));
        await Store.CreateDatasetVersionAsync(workspace, new NewDatasetVersion(name, [File("a.csv", "2")]));

        await Store.LinkRunInputsAsync(workspace, "run-a", [new DatasetVersionId(name, 1), new DatasetVersionId(name, 2)]);
        await Store.LinkRunInputsAsync(workspace, "run-b", [new DatasetVersionId(name, 2)]);
        await Store.LinkRunInputsAsync(workspace, "run-a", [new DatasetVersionId(name, 2)]);

        Assert.Equal(["run-a", "run-b"], await Store.ListDatasetVersionRunsAsync(workspace, name, 2));
        Assert.Equal(["run-a"], await Store.ListDatasetVersionRunsAsync(workspace, name, 1));
        Assert.Equal([new DatasetVersionId(name, 1), new DatasetVersionId(name, 2)], await Store.ListRunDatasetVersionsAsync(workspace, "run-a"));
        Assert.Empty(await Store.ListRunDatasetVersionsAsync(NewWorkspace(), "run-a"));
        await Assert.ThrowsAsync<SlipwayException>(() => Store.LinkRunInputsAsync(workspace, "run-c", [new DatasetVersionId(name, 7)]));
        Assert.Empty(await Store.ListRunDatasetVersionsAsync(workspace, "run-c"));
    }
}
