using Slipway.Core.Search;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    /// <summary>
    /// Four runs started at 100 (a) to 400 (d):
    /// a: acc 0.9, lr 0.1, opt Adam, team Vision, stage prod, dataset train/d1 (training);
    /// b: acc 0.5, lr 0.01, opt adam, team vision, dataset eval/d2 (evaluation);
    /// c: acc NaN, lr 0.001, opt SGD, no team;
    /// d: no acc, lr 1, opt sgd, team nlp, FINISHED at 500.
    /// </summary>
    private async Task<SearchData> NewSearchDataAsync()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);
        var runs = new Dictionary<string, Run>();
        foreach (var (name, start) in new[] { ("a", 100L), ("b", 200L), ("c", 300L), ("d", 400L) })
        {
            runs[name] = await NewRunAsync(workspace, experimentId, name, start);
        }

        await Store.LogBatchAsync(workspace, runs["a"].Info.RunId, [new Metric("acc", 0.9, 1, 1), new Metric("acc", 0.1, 1, 0), new Metric("loss", 0.3, 1, 1)], [new Param("lr", "0.1"), new Param("opt", "Adam")], [new Tag("team", "Vision"), new Tag("stage", "prod")]);
        await Store.LogBatchAsync(workspace, runs["b"].Info.RunId, [new Metric("acc", 0.5, 1, 1), new Metric("acc", 0.99, 1, 0)], [new Param("lr", "0.01"), new Param("opt", "adam")], [new Tag("team", "vision")]);
        await Store.LogBatchAsync(workspace, runs["c"].Info.RunId, [new Metric("acc", double.NaN, 1, 1)], [new Param("lr", "0.001"), new Param("opt", "SGD")], []);
        await Store.LogBatchAsync(workspace, runs["d"].Info.RunId, [], [new Param("lr", "1"), new Param("opt", "sgd")], [new Tag("team", "nlp")]);
        await Store.UpdateRunAsync(workspace, runs["d"].Info.RunId, new RunUpdate(RunStatus.Finished, 500, null));
        await Store.LogInputsAsync(workspace, runs["a"].Info.RunId, [new DatasetInput(new Dataset("train", "d1", "local", "{}", null, null), [new Tag(DatasetInput.ContextTag, "training")])]);
        await Store.LogInputsAsync(workspace, runs["b"].Info.RunId, [new DatasetInput(new Dataset("eval", "d2", "local", "{}", null, null), [new Tag(DatasetInput.ContextTag, "evaluation")])]);
        return new SearchData(workspace, experimentId, runs);
    }

    private async Task<string> NamesAsync(SearchData data, params FilterComparison[] filter) =>
        string.Concat(await SearchRunNamesAsync(data.Workspace, Runs(data.ExperimentId, filter)));

    private async Task<string> NamesOrderedAsync(SearchData data, params OrderByClause[] orderBy) =>
        string.Concat(await SearchRunNamesAsync(data.Workspace, Runs(data.ExperimentId) with { OrderBy = orderBy }));

    [Fact]
    public async Task SearchRuns_orders_by_newest_start_time_by_default_and_returns_run_data()
    {
        var data = await NewSearchDataAsync();

        var page = await Store.SearchRunsAsync(data.Workspace, Runs(data.ExperimentId));

        Assert.Equal("dcba", string.Concat(page.Items.Select(r => r.Info.RunName)));
        Assert.Null(page.NextPageToken);
        var a = page.Items[^1];
        Assert.Equal([new Metric("acc", 0.9, 1, 1), new Metric("loss", 0.3, 1, 1)], a.Metrics);
        Assert.Equal([new Param("lr", "0.1"), new Param("opt", "Adam")], a.Params);
        Assert.Contains(new Tag("stage", "prod"), a.Tags);
        Assert.Equal("train", Assert.Single(a.Inputs).Dataset.Name);
    }

    [Fact]
    public async Task SearchRuns_compares_the_latest_metric_value_with_each_numeric_operator()
    {
        var data = await NewSearchDataAsync();
        FilterComparison Acc(ComparisonOperator op, double value) => Compare(SearchEntity.Metric, "acc", op, Number(value));

        Assert.Equal("a", await NamesAsync(data, Acc(ComparisonOperator.Greater, 0.5)));
        Assert.Equal("ba", await NamesAsync(data, Acc(ComparisonOperator.GreaterOrEqual, 0.5)));
        Assert.Equal("b", await NamesAsync(data, Acc(ComparisonOperator.Less, 0.9)));
        Assert.Equal("ba", await NamesAsync(data, Acc(ComparisonOperator.LessOrEqual, 0.9)));
        Assert.Equal("b", await NamesAsync(data, Acc(ComparisonOperator.Equal, 0.5)));
        Assert.Equal("ca", await NamesAsync(data, Acc(ComparisonOperator.NotEqual, 0.5)));
        Assert.Equal("d", await NamesAsync(data, Compare(SearchEntity.Metric, "acc", ComparisonOperator.IsNull, null)));
        Assert.Equal("a", await NamesAsync(data, Compare(SearchEntity.Metric, "loss", ComparisonOperator.IsNotNull, null)));
    }

    [Fact]
    public async Task SearchRuns_filters_params_with_each_string_operator()
    {
        var data = await NewSearchDataAsync();
        FilterComparison Opt(ComparisonOperator op, FilterValue value) => Compare(SearchEntity.Param, "opt", op, value);

        Assert.Equal("b", await NamesAsync(data, Compare(SearchEntity.Param, "lr", ComparisonOperator.Equal, Text("0.01"))));
        Assert.Equal("dca", await NamesAsync(data, Compare(SearchEntity.Param, "lr", ComparisonOperator.NotEqual, Text("0.01"))));
        Assert.Equal("b", await NamesAsync(data, Opt(ComparisonOperator.Like, Text("a%"))));
        Assert.Equal("c", await NamesAsync(data, Opt(ComparisonOperator.Like, Text("S_D"))));
        Assert.Equal("ba", await NamesAsync(data, Opt(ComparisonOperator.ILike, Text("A%"))));
        Assert.Equal("dc", await NamesAsync(data, Opt(ComparisonOperator.ILike, Text("s_d"))));
        Assert.Equal("ca", await NamesAsync(data, Opt(ComparisonOperator.In, List("Adam", "SGD"))));
        Assert.Equal("db", await NamesAsync(data, Opt(ComparisonOperator.NotIn, List("Adam", "SGD"))));
        Assert.Equal(string.Empty, await NamesAsync(data, Compare(SearchEntity.Param, "missing", ComparisonOperator.NotEqual, Text("x"))));
    }

    [Fact]
    public async Task SearchRuns_filters_tags_including_missing_ones()
    {
        var data = await NewSearchDataAsync();
        FilterComparison Team(ComparisonOperator op, FilterValue? value) => Compare(SearchEntity.Tag, "team", op, value);

        Assert.Equal("b", await NamesAsync(data, Team(ComparisonOperator.Equal, Text("vision"))));
        Assert.Equal("da", await NamesAsync(data, Team(ComparisonOperator.NotEqual, Text("vision"))));
        Assert.Equal("a", await NamesAsync(data, Team(ComparisonOperator.Like, Text("V%"))));
        Assert.Equal("ba", await NamesAsync(data, Team(ComparisonOperator.ILike, Text("%ISION"))));
        Assert.Equal("db", await NamesAsync(data, Team(ComparisonOperator.In, List("nlp", "vision"))));
        Assert.Equal("a", await NamesAsync(data, Team(ComparisonOperator.NotIn, List("nlp", "vision"))));
        Assert.Equal("c", await NamesAsync(data, Team(ComparisonOperator.IsNull, null)));
        Assert.Equal("dba", await NamesAsync(data, Team(ComparisonOperator.IsNotNull, null)));
    }

    [Fact]
    public async Task SearchRuns_filters_attributes()
    {
        var data = await NewSearchDataAsync();
        FilterComparison Attr(string key, ComparisonOperator op, FilterValue? value) => Compare(SearchEntity.Attribute, key, op, value);
        var (a, c) = (data.Runs["a"].Info.RunId, data.Runs["c"].Info.RunId);

        Assert.Equal("a", await NamesAsync(data, Attr("run_id", ComparisonOperator.Equal, Text(a))));
        Assert.Equal("dcb", await NamesAsync(data, Attr("run_id", ComparisonOperator.NotEqual, Text(a))));
        Assert.Equal("ca", await NamesAsync(data, Attr("run_id", ComparisonOperator.In, List(a, c))));
        Assert.Equal("db", await NamesAsync(data, Attr("run_id", ComparisonOperator.NotIn, List(a, c))));
        Assert.Equal("a", await NamesAsync(data, Attr("run_id", ComparisonOperator.Like, Text(a[..10] + "%"))));
        Assert.Equal("b", await NamesAsync(data, Attr("run_name", ComparisonOperator.Equal, Text("b"))));
        Assert.Equal("b", await NamesAsync(data, Attr("run_name", ComparisonOperator.ILike, Text("B"))));
        Assert.Equal(string.Empty, await NamesAsync(data, Attr("run_name", ComparisonOperator.Like, Text("B"))));
        Assert.Equal("d", await NamesAsync(data, Attr("status", ComparisonOperator.Equal, Text("FINISHED"))));
        Assert.Equal("cba", await NamesAsync(data, Attr("status", ComparisonOperator.NotEqual, Text("FINISHED"))));
        Assert.Equal("dcba", await NamesAsync(data, Attr("user_id", ComparisonOperator.Equal, Text("alice"))));
        Assert.Equal("dcba", await NamesAsync(data, Attr("artifact_uri", ComparisonOperator.Like, Text("%/artifacts"))));
        Assert.Equal("dcba", await NamesAsync(data, Attr("lifecycle_stage", ComparisonOperator.Equal, Text("active"))));
        Assert.Equal("dcb", await NamesAsync(data, Attr("start_time", ComparisonOperator.Greater, Number(150))));
        Assert.Equal("ba", await NamesAsync(data, Attr("start_time", ComparisonOperator.LessOrEqual, Number(200))));
        Assert.Equal("c", await NamesAsync(data, Attr("start_time", ComparisonOperator.Equal, Number(300))));
        Assert.Equal("cba", await NamesAsync(data, Attr("end_time", ComparisonOperator.IsNull, null)));
        Assert.Equal("d", await NamesAsync(data, Attr("end_time", ComparisonOperator.GreaterOrEqual, Number(500))));
    }

    [Fact]
    public async Task SearchRuns_filters_on_dataset_inputs()
    {
        var data = await NewSearchDataAsync();
        FilterComparison Dataset(string key, ComparisonOperator op, FilterValue value) => Compare(SearchEntity.Dataset, key, op, value);

        Assert.Equal("a", await NamesAsync(data, Dataset("name", ComparisonOperator.Equal, Text("train"))));
        Assert.Equal("b", await NamesAsync(data, Dataset("name", ComparisonOperator.NotEqual, Text("train"))));
        Assert.Equal("a", await NamesAsync(data, Dataset("name", ComparisonOperator.Like, Text("t%"))));
        Assert.Equal("a", await NamesAsync(data, Dataset("name", ComparisonOperator.ILike, Text("TR%"))));
        Assert.Equal("ba", await NamesAsync(data, Dataset("digest", ComparisonOperator.In, List("d1", "d2"))));
        Assert.Equal("b", await NamesAsync(data, Dataset("digest", ComparisonOperator.NotIn, List("d1"))));
        Assert.Equal("b", await NamesAsync(data, Dataset("context", ComparisonOperator.Equal, Text("evaluation"))));
        Assert.Equal("a", await NamesAsync(data, Dataset("context", ComparisonOperator.ILike, Text("TRAIN%"))));
    }

    [Fact]
    public async Task SearchRuns_combines_filters_with_and()
    {
        var data = await NewSearchDataAsync();

        Assert.Equal("ba", await NamesAsync(
            data,
            Compare(SearchEntity.Metric, "acc", ComparisonOperator.Greater, Number(0.4)),
            Compare(SearchEntity.Param, "opt", ComparisonOperator.ILike, Text("adam"))));
        Assert.Equal("b", await NamesAsync(
            data,
            Compare(SearchEntity.Metric, "acc", ComparisonOperator.Greater, Number(0.4)),
            Compare(SearchEntity.Param, "opt", ComparisonOperator.Equal, Text("adam")),
            Compare(SearchEntity.Tag, "team", ComparisonOperator.IsNotNull, null)));
    }

    [Fact]
    public async Task SearchRuns_orders_by_metric_with_NaN_then_missing_last_in_both_directions()
    {
        var data = await NewSearchDataAsync();

        Assert.Equal("abcd", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Metric, "acc", false)));
        Assert.Equal("bacd", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Metric, "acc", true)));
    }

    [Fact]
    public async Task SearchRuns_filtered_and_ordered_by_one_metric_pages_in_value_order_then_newest_first()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);
        var values = new[] { 0.3, double.NaN, 0.9, 0.3, 0.7, 0.05 };
        for (var i = 0; i < values.Length; i++)
        {
            var run = await NewRunAsync(workspace, experimentId, $"r{i}", startTime: 100 + i);
            await Store.LogBatchAsync(workspace, run.Info.RunId, [new Metric("acc", values[i], 1, 1)], [], []);
        }

        await NewRunAsync(workspace, experimentId, "no-acc", startTime: 200);
        var query = Runs(experimentId, Compare(SearchEntity.Metric, "acc", ComparisonOperator.Greater, Number(0.1))) with
        {
            OrderBy = [new OrderByClause(SearchEntity.Metric, "acc", false)],
            MaxResults = 2,
        };

        var first = await Store.SearchRunsAsync(workspace, query);
        var second = await Store.SearchRunsAsync(workspace, query with { PageToken = first.NextPageToken });

        Assert.Equal(["r2", "r4"], first.Items.Select(r => r.Info.RunName));
        Assert.Equal(["r3", "r0"], second.Items.Select(r => r.Info.RunName));
        Assert.Null(second.NextPageToken);
        var notEqual = Runs(experimentId, Compare(SearchEntity.Metric, "acc", ComparisonOperator.NotEqual, Number(0.3))) with
        {
            OrderBy = [new OrderByClause(SearchEntity.Metric, "acc", true)],
        };
        Assert.Equal(["r5", "r4", "r2", "r1"], (await Store.SearchRunsAsync(workspace, notEqual)).Items.Select(r => r.Info.RunName));
    }

    [Fact]
    public async Task SearchRuns_orders_by_params_tags_and_attributes_with_missing_values_last()
    {
        var data = await NewSearchDataAsync();

        Assert.Equal("cbad", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Param, "lr", true)));
        Assert.Equal("dabc", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Param, "lr", false)));
        Assert.Equal("adbc", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Tag, "team", true)));
        Assert.Equal("bdac", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Tag, "team", false)));
        Assert.Equal("adcb", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Tag, "stage", true)));
        Assert.Equal("abcd", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Attribute, "start_time", true)));
        Assert.Equal("dcba", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Attribute, "run_name", false)));
        Assert.Equal("dcba", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Attribute, "end_time", true)));
        Assert.Equal("cbad", await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Attribute, "status", false)));
        Assert.Equal(
            "cbad",
            await NamesOrderedAsync(data, new OrderByClause(SearchEntity.Attribute, "status", false), new OrderByClause(SearchEntity.Attribute, "run_name", false)));
    }

    [Fact]
    public async Task SearchRuns_pages_through_all_runs_with_tokens()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);
        for (var i = 0; i < 7; i++)
        {
            await NewRunAsync(workspace, experimentId, $"r{i}", startTime: 1000 + i);
        }

        var names = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Store.SearchRunsAsync(workspace, Runs(experimentId) with { MaxResults = 3, PageToken = token });
            names.AddRange(page.Items.Select(r => r.Info.RunName));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["r6", "r5", "r4", "r3", "r2", "r1", "r0"], names);
        var exact = await Store.SearchRunsAsync(workspace, Runs(experimentId) with { MaxResults = 7 });
        Assert.Null(exact.NextPageToken);
    }

    [Fact]
    public async Task SearchRuns_honours_the_view_type()
    {
        var data = await NewSearchDataAsync();
        await Store.DeleteRunAsync(data.Workspace, data.Runs["b"].Info.RunId);

        Assert.Equal("dca", string.Concat(await SearchRunNamesAsync(data.Workspace, Runs(data.ExperimentId))));
        Assert.Equal("b", string.Concat(await SearchRunNamesAsync(data.Workspace, Runs(data.ExperimentId) with { ViewType = ViewType.DeletedOnly })));
        Assert.Equal("dcba", string.Concat(await SearchRunNamesAsync(data.Workspace, Runs(data.ExperimentId) with { ViewType = ViewType.All })));
    }

    [Fact]
    public async Task SearchRuns_spans_several_experiments_of_the_workspace_only()
    {
        var data = await NewSearchDataAsync();
        var second = await NewExperimentAsync(data.Workspace);
        await NewRunAsync(data.Workspace, second, "e", 50);
        var foreign = await NewWorkspaceWithRunAsync();

        var query = Runs(data.ExperimentId) with { ExperimentIds = [data.ExperimentId, second, foreign.ExperimentId, "not-a-number"] };

        Assert.Equal("dcbae", string.Concat(await SearchRunNamesAsync(data.Workspace, query)));
        Assert.Empty((await Store.SearchRunsAsync(data.Workspace, query with { ExperimentIds = [foreign.ExperimentId] })).Items);
    }

    [Fact]
    public async Task SearchRuns_binds_keys_and_values_as_data_never_as_sql()
    {
        var data = await NewSearchDataAsync();

        Assert.Equal(string.Empty, await NamesAsync(data, Compare(SearchEntity.Param, "lr' OR '1'='1", ComparisonOperator.Equal, Text("x"))));
        Assert.Equal(string.Empty, await NamesAsync(data, Compare(SearchEntity.Param, "lr", ComparisonOperator.Equal, Text("x' OR '1'='1"))));
        Assert.Equal(string.Empty, await NamesAsync(data, Compare(SearchEntity.Tag, "team", ComparisonOperator.In, List("'); DROP TABLE runs; --"))));
        var ordered = await SearchRunNamesAsync(data.Workspace, Runs(data.ExperimentId) with
        {
            OrderBy = [new OrderByClause(SearchEntity.Metric, "acc\"; DROP TABLE runs; --", true)],
        });
        Assert.Equal("dcba", string.Concat(ordered));
    }

    private sealed record SearchData(string Workspace, string ExperimentId, Dictionary<string, Run> Runs);
}
