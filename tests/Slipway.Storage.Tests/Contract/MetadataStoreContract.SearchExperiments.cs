using Slipway.Core.Search;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    private static ExperimentQuery Experiments(params FilterComparison[] filter) =>
        new(new SearchFilter(filter), ViewType.ActiveOnly, 100, [], null);

    private async Task<string> ExperimentNamesAsync(string workspace, ExperimentQuery query) =>
        string.Join(",", (await Store.SearchExperimentsAsync(workspace, query)).Items.Select(e => e.Name));

    /// <summary>alpha, Beta and gamma, created in that order; alpha is tagged owner=ann.</summary>
    private async Task<(string Workspace, Dictionary<string, string> Ids)> NewExperimentsAsync()
    {
        var workspace = NewWorkspace();
        var ids = new Dictionary<string, string>
        {
            ["alpha"] = await NewExperimentAsync(workspace, "alpha", [new Tag("owner", "ann")]),
            ["Beta"] = await NewExperimentAsync(workspace, "Beta"),
            ["gamma"] = await NewExperimentAsync(workspace, "gamma"),
        };
        return (workspace, ids);
    }

    [Fact]
    public async Task SearchExperiments_orders_newest_first_by_default_and_stays_in_its_workspace()
    {
        var (workspace, _) = await NewExperimentsAsync();

        Assert.Equal("gamma,Beta,alpha", await ExperimentNamesAsync(workspace, Experiments()));
        var other = await Store.SearchExperimentsAsync(NewWorkspace(), Experiments());
        Assert.Empty(other.Items);
    }

    [Fact]
    public async Task SearchExperiments_filters_names_times_and_tags()
    {
        var (workspace, ids) = await NewExperimentsAsync();
        var alpha = await Store.GetExperimentAsync(workspace, ids["alpha"]);
        FilterComparison Name(ComparisonOperator op, FilterValue value) => Compare(SearchEntity.Attribute, "name", op, value);

        Assert.Equal("alpha", await ExperimentNamesAsync(workspace, Experiments(Name(ComparisonOperator.Equal, Text("alpha")))));
        Assert.Equal("gamma,Beta", await ExperimentNamesAsync(workspace, Experiments(Name(ComparisonOperator.NotEqual, Text("alpha")))));
        Assert.Equal("Beta", await ExperimentNamesAsync(workspace, Experiments(Name(ComparisonOperator.Like, Text("B%")))));
        Assert.Equal(string.Empty, await ExperimentNamesAsync(workspace, Experiments(Name(ComparisonOperator.Like, Text("b%")))));
        Assert.Equal("Beta", await ExperimentNamesAsync(workspace, Experiments(Name(ComparisonOperator.ILike, Text("b%")))));
        Assert.Equal(
            "gamma,Beta",
            await ExperimentNamesAsync(workspace, Experiments(Compare(SearchEntity.Attribute, "creation_time", ComparisonOperator.Greater, Number(alpha.CreationTime)))));
        Assert.Equal(
            "alpha",
            await ExperimentNamesAsync(workspace, Experiments(Compare(SearchEntity.Attribute, "last_update_time", ComparisonOperator.LessOrEqual, Number(alpha.LastUpdateTime)))));
        Assert.Equal("alpha", await ExperimentNamesAsync(workspace, Experiments(Compare(SearchEntity.Tag, "owner", ComparisonOperator.Equal, Text("ann")))));
        Assert.Equal("alpha", await ExperimentNamesAsync(workspace, Experiments(Compare(SearchEntity.Tag, "owner", ComparisonOperator.ILike, Text("AN%")))));
    }

    [Fact]
    public async Task SearchExperiments_orders_by_each_attribute()
    {
        var (workspace, ids) = await NewExperimentsAsync();
        await Store.RenameExperimentAsync(workspace, ids["alpha"], "alpha");
        ExperimentQuery Ordered(string key, bool ascending) => Experiments() with { OrderBy = [new OrderByClause(SearchEntity.Attribute, key, ascending)] };

        Assert.Equal("Beta,alpha,gamma", await ExperimentNamesAsync(workspace, Ordered("name", true)));
        Assert.Equal("gamma,alpha,Beta", await ExperimentNamesAsync(workspace, Ordered("name", false)));
        Assert.Equal("gamma,Beta,alpha", await ExperimentNamesAsync(workspace, Ordered("experiment_id", false)));
        Assert.Equal("alpha,Beta,gamma", await ExperimentNamesAsync(workspace, Ordered("creation_time", true)));
        Assert.Equal("alpha,gamma,Beta", await ExperimentNamesAsync(workspace, Ordered("last_update_time", false)));
    }

    [Fact]
    public async Task SearchExperiments_honours_the_view_type_and_pages()
    {
        var (workspace, ids) = await NewExperimentsAsync();
        await Store.DeleteExperimentAsync(workspace, ids["gamma"]);

        Assert.Equal("Beta,alpha", await ExperimentNamesAsync(workspace, Experiments()));
        Assert.Equal("gamma", await ExperimentNamesAsync(workspace, Experiments() with { ViewType = ViewType.DeletedOnly }));
        Assert.Equal("gamma,Beta,alpha", await ExperimentNamesAsync(workspace, Experiments() with { ViewType = ViewType.All }));

        var first = await Store.SearchExperimentsAsync(workspace, Experiments() with { ViewType = ViewType.All, MaxResults = 2 });
        var second = await Store.SearchExperimentsAsync(workspace, Experiments() with { ViewType = ViewType.All, MaxResults = 2, PageToken = first.NextPageToken });
        Assert.Equal(["gamma", "Beta"], first.Items.Select(e => e.Name));
        Assert.Equal(["alpha"], second.Items.Select(e => e.Name));
        Assert.Null(second.NextPageToken);
        Assert.Equal([new Tag("owner", "ann")], second.Items[0].Tags);
    }
}
