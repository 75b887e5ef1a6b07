using Slipway.Core.Registry;
using Slipway.Core.Search;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    private static RegistryQuery Registry(params FilterComparison[] filter) => new(new SearchFilter(filter), 100, [], null);

    private async Task<string> ModelNamesAsync(string workspace, RegistryQuery query) =>
        string.Join(",", (await Store.SearchRegisteredModelsAsync(workspace, query)).Items.Select(m => m.Name));

    private async Task<string> VersionsAsync(string workspace, RegistryQuery query) =>
        string.Join(",", (await Store.SearchModelVersionsAsync(workspace, query)).Items.Select(v => $"{v.Name}/{v.Version}"));

    /// <summary>Models cat (tag kind=animal), Dog, fish; versions cat/1 (run r1, s3 source), cat/2 (Production, tagged), Dog/1 (run r2).</summary>
    private async Task<string> NewRegistryAsync()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "cat", [new Tag("kind", "animal")]);
        await NewModelAsync(workspace, "Dog");
        await NewModelAsync(workspace, "fish");
        await NewVersionAsync(workspace, "cat", runId: "r1", source: "s3://models/cat/1");
        await NewVersionAsync(workspace, "cat", source: "file:///models/cat/2", tags: [new Tag("validated", "yes")]);
        await NewVersionAsync(workspace, "Dog", runId: "r2", source: "s3://models/dog/1");
        await Store.TransitionModelVersionStageAsync(workspace, "cat", 2, "Production", false);
        return workspace;
    }

    [Fact]
    public async Task SearchRegisteredModels_filters_by_name_and_tags_ordered_by_name()
    {
        var workspace = await NewRegistryAsync();
        FilterComparison Name(ComparisonOperator op, string value) => Compare(SearchEntity.Attribute, "name", op, Text(value));

        Assert.Equal("Dog,cat,fish", await ModelNamesAsync(workspace, Registry()));
        Assert.Equal("cat", await ModelNamesAsync(workspace, Registry(Name(ComparisonOperator.Equal, "cat"))));
        Assert.Equal("Dog,fish", await ModelNamesAsync(workspace, Registry(Name(ComparisonOperator.NotEqual, "cat"))));
        Assert.Equal(string.Empty, await ModelNamesAsync(workspace, Registry(Name(ComparisonOperator.Like, "d%"))));
        Assert.Equal("Dog", await ModelNamesAsync(workspace, Registry(Name(ComparisonOperator.ILike, "d%"))));
        Assert.Equal("cat", await ModelNamesAsync(workspace, Registry(Compare(SearchEntity.Tag, "kind", ComparisonOperator.Equal, Text("animal")))));
        Assert.Empty((await Store.SearchRegisteredModelsAsync(NewWorkspace(), Registry())).Items);

        var cat = (await Store.SearchRegisteredModelsAsync(workspace, Registry(Name(ComparisonOperator.Equal, "cat")))).Items[0];
        Assert.Equal([(ModelStage.None, 1L), (ModelStage.Production, 2L)], cat.LatestVersions.Select(v => (v.CurrentStage, v.Version)));
        Assert.Equal([new Tag("kind", "animal")], cat.Tags);
    }

    [Fact]
    public async Task SearchRegisteredModels_orders_and_pages()
    {
        var workspace = await NewRegistryAsync();
        RegistryQuery Ordered(string key, bool ascending) => Registry() with { OrderBy = [new OrderByClause(SearchEntity.Attribute, key, ascending)] };

        Assert.Equal("fish,cat,Dog", await ModelNamesAsync(workspace, Ordered("name", false)));
        Assert.Equal("cat,Dog,fish", await ModelNamesAsync(workspace, Ordered("creation_timestamp", true)));
        Assert.Equal("cat,Dog,fish", await ModelNamesAsync(workspace, Ordered("last_updated_timestamp", false)));

        var first = await Store.SearchRegisteredModelsAsync(workspace, Registry() with { MaxResults = 2 });
        var second = await Store.SearchRegisteredModelsAsync(workspace, Registry() with { MaxResults = 2, PageToken = first.NextPageToken });
        Assert.Equal(["Dog", "cat"], first.Items.Select(m => m.Name));
        Assert.Equal(["fish"], second.Items.Select(m => m.Name));
        Assert.Null(second.NextPageToken);
    }

    [Fact]
    public async Task SearchModelVersions_filters_each_attribute_and_tags()
    {
        var workspace = await NewRegistryAsync();
        FilterComparison Attr(string key, ComparisonOperator op, FilterValue value) => Compare(SearchEntity.Attribute, key, op, value);

        Assert.Equal("Dog/1,cat/2,cat/1", await VersionsAsync(workspace, Registry()));
        Assert.Equal("cat/2,cat/1", await VersionsAsync(workspace, Registry(Attr("name", ComparisonOperator.Equal, Text("cat")))));
        Assert.Equal("Dog/1", await VersionsAsync(workspace, Registry(Attr("name", ComparisonOperator.ILike, Text("dog")))));
        Assert.Equal("cat/2", await VersionsAsync(workspace, Registry(Attr("version_number", ComparisonOperator.Greater, Number(1)))));
        Assert.Equal("Dog/1,cat/1", await VersionsAsync(workspace, Registry(Attr("version_number", ComparisonOperator.Equal, Number(1)))));
        Assert.Equal("Dog/1,cat/1", await VersionsAsync(workspace, Registry(Attr("run_id", ComparisonOperator.In, List("r1", "r2")))));
        Assert.Equal("cat/1", await VersionsAsync(workspace, Registry(Attr("run_id", ComparisonOperator.Equal, Text("r1")))));
        Assert.Equal("Dog/1", await VersionsAsync(workspace, Registry(Attr("run_id", ComparisonOperator.NotIn, List("r1")))));
        Assert.Equal("Dog/1,cat/1", await VersionsAsync(workspace, Registry(Attr("source", ComparisonOperator.Like, Text("s3://%")))));
        Assert.Equal("cat/2", await VersionsAsync(workspace, Registry(Attr("current_stage", ComparisonOperator.Equal, Text("Production")))));
        Assert.Equal("cat/2", await VersionsAsync(workspace, Registry(Compare(SearchEntity.Tag, "validated", ComparisonOperator.Equal, Text("yes")))));
        Assert.Equal("Dog/1,cat/1", await VersionsAsync(workspace, Registry(Compare(SearchEntity.Tag, "validated", ComparisonOperator.IsNull, null))));
    }

    [Fact]
    public async Task SearchModelVersions_orders_and_pages()
    {
        var workspace = await NewRegistryAsync();

        Assert.Equal(
            "cat/1,cat/2,Dog/1",
            await VersionsAsync(workspace, Registry() with { OrderBy = [new OrderByClause(SearchEntity.Attribute, "creation_timestamp", true)] }));
        Assert.Equal(
            "cat/2,Dog/1,cat/1",
            await VersionsAsync(workspace, Registry() with { OrderBy = [new OrderByClause(SearchEntity.Attribute, "last_updated_timestamp", false)] }));
        Assert.Equal(
            "Dog/1,cat/1,cat/2",
            await VersionsAsync(workspace, Registry() with { OrderBy = [new OrderByClause(SearchEntity.Attribute, "version_number", true)] }));

        var first = await Store.SearchModelVersionsAsync(workspace, Registry() with { MaxResults = 2 });
        var second = await Store.SearchModelVersionsAsync(workspace, Registry() with { MaxResults = 2, PageToken = first.NextPageToken });
        Assert.Equal(["Dog/1", "cat/2"], first.Items.Select(v => $"{v.Name}/{v.Version}"));
        Assert.Equal(["cat/1"], second.Items.Select(v => $"{v.Name}/{v.Version}"));
        Assert.Null(second.NextPageToken);
    }
}
