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
}
