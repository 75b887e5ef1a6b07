using System.Globalization;
using Slipway.Core.Tracking;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Sdk;

public sealed class SqliteClientRunsTests(SlipwayServerFixture server) : ClientRunsTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresClientRunsTests(PostgresServerFixture server) : ClientRunsTests<PostgresServerFixture>(server);

/// <summary>The typed run calls of <c>SlipwayClient</c> against a real server.</summary>
public abstract class ClientRunsTests<TServer>(TServer server) : SdkTests<TServer>(server)
    where TServer : SlipwayServerFixture
{
    private const long StartTime = 1_700_000_000_000;

    [Fact]
    public async Task CreateRun_then_GetRun_return_a_running_run_with_its_tags()
    {
        var experimentId = await NewExperimentAsync();

        var created = await Client.CreateRunAsync(experimentId, "create-get", [new Tag("team", "vision")], StartTime, "alice");

        var run = await Client.GetRunAsync(created.Info.RunId);
        Assert.Equal(created.Info, run.Info);
        Assert.Equal(experimentId, run.Info.ExperimentId);
        Assert.Equal("create-get", run.Info.RunName);
        Assert.Equal("alice", run.Info.UserId);
        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal(StartTime, run.Info.StartTime);
        Assert.Null(run.Info.EndTime);
        Assert.Equal(LifecycleStage.Active, run.Info.LifecycleStage);
        Assert.Contains(new Tag("team", "vision"), run.Tags);
    }

    [Fact]
    public async Task UpdateRun_sets_status_end_time_and_name()
    {
        var run = await Client.CreateRunAsync(await NewExperimentAsync(), "before", startTime: StartTime);

        var info = await Client.UpdateRunAsync(run.Info.RunId, new RunUpdate(RunStatus.Finished, StartTime + 5_000, "after"));

        Assert.Equal(RunStatus.Finished, info.Status);
        Assert.Equal(StartTime + 5_000, info.EndTime);
        Assert.Equal("after", info.RunName);
        Assert.Equal(info, (await Client.GetRunAsync(run.Info.RunId)).Info);
    }

    [Fact]
    public async Task DeleteRun_and_RestoreRun_move_it_between_active_and_deleted_searches()
    {
        var experimentId = await NewExperimentAsync();
        var runId = (await Client.CreateRunAsync(experimentId)).Info.RunId;

        await Client.DeleteRunAsync(runId);

        Assert.Equal(LifecycleStage.Deleted, (await Client.GetRunAsync(runId)).Info.LifecycleStage);
        Assert.Empty(await Client.SearchAllRunsAsync([experimentId]).ToListAsync());
        Assert.Equal(runId, Assert.Single(await Client.SearchAllRunsAsync([experimentId], viewType: ViewType.DeletedOnly).ToListAsync()).Info.RunId);

        await Client.RestoreRunAsync(runId);

        Assert.Equal(LifecycleStage.Active, (await Client.GetRunAsync(runId)).Info.LifecycleStage);
        Assert.Equal(runId, Assert.Single(await Client.SearchAllRunsAsync([experimentId]).ToListAsync()).Info.RunId);
    }

    [Fact]
    public async Task LogMetric_LogParam_SetTag_and_DeleteTag_one_at_a_time_are_stored()
    {
        var runId = (await Client.CreateRunAsync(await NewExperimentAsync())).Info.RunId;

        await Client.LogMetricAsync(runId, "loss", 0.9, step: 0, timestamp: StartTime);
        await Client.LogMetricAsync(runId, "loss", 0.4, step: 1, timestamp: StartTime + 1);
        await Client.LogParamAsync(runId, "optimizer", "adam");
        await Client.SetTagAsync(runId, "note", "keep");
        await Client.SetTagAsync(runId, "scratch", "drop me");
        await Client.DeleteTagAsync(runId, "scratch");

        var run = await Client.GetRunAsync(runId);
        Assert.Equal(new Metric("loss", 0.4, StartTime + 1, 1), Assert.Single(run.Metrics));
        Assert.Equal(new Param("optimizer", "adam"), Assert.Single(run.Params));
        Assert.Contains(new Tag("note", "keep"), run.Tags);
        Assert.DoesNotContain(run.Tags, t => t.Key == "scratch");
        Assert.Equal(
            [new Metric("loss", 0.9, StartTime, 0), new Metric("loss", 0.4, StartTime + 1, 1)],
            (await Client.GetFullMetricHistoryAsync(runId, "loss").ToListAsync()).OrderBy(m => m.Step));
    }

    [Fact]
    public async Task Metric_keys_with_slashes_spaces_and_colons_have_their_own_history()
    {
        var runId = (await Client.CreateRunAsync(await NewExperimentAsync())).Info.RunId;
        string[] keys = ["val/loss", "train loss", "eval:acc_top-1"];
        await Client.LogBatchAsync(runId, keys.Select((key, i) => new Metric(key, i, StartTime, 0)).ToList());

        foreach (var (key, i) in keys.Select((key, i) => (key, i)))
        {
            Assert.Equal(i, Assert.Single(await Client.GetFullMetricHistoryAsync(runId, key).ToListAsync()).Value);
        }
    }

    [Fact]
    public async Task LogBatch_beyond_one_request_is_split_and_every_value_is_stored()
    {
        const int Metrics = 2_345;
        var runId = (await Client.CreateRunAsync(await NewExperimentAsync())).Info.RunId;
        var metrics = Enumerable.Range(0, Metrics).Select(i => new Metric("acc", i / (double)Metrics, StartTime + i, i)).ToList();
        var parameters = Enumerable.Range(0, 150).Select(i => new Param($"p{i}", Text(i))).ToList();
        var tags = Enumerable.Range(0, 120).Select(i => new Tag($"t{i}", Text(i))).ToList();

        await Client.LogBatchAsync(runId, metrics, parameters, tags);

        var history = await Client.GetFullMetricHistoryAsync(runId, "acc").ToListAsync();
        Assert.Equal(metrics, history.OrderBy(m => m.Step));
        var run = await Client.GetRunAsync(runId);
        Assert.Equal(parameters.OrderBy(p => p.Key, StringComparer.Ordinal), run.Params.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(tags, tag => Assert.Contains(tag, run.Tags));
        Assert.Equal(metrics[^1], Assert.Single(run.Metrics));
    }

    [Fact]
    public async Task GetMetricHistory_pages_with_max_results_and_the_full_history_joins_the_pages()
    {
        var runId = (await Client.CreateRunAsync(await NewExperimentAsync())).Info.RunId;
        var metrics = Enumerable.Range(0, 25).Select(i => new Metric("loss", 25 - i, StartTime + i, i)).ToList();
        await Client.LogBatchAsync(runId, metrics);

        var pages = new List<IReadOnlyList<Metric>>();
        string? token = null;
        do
        {
            var page = await Client.GetMetricHistoryAsync(runId, "loss", maxResults: 10, pageToken: token);
            pages.Add(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        Assert.Equal(metrics, pages.SelectMany(p => p).OrderBy(m => m.Step));
    }

    [Fact]
    public async Task LogInputs_records_the_dataset_with_its_context_tag()
    {
        var runId = (await Client.CreateRunAsync(await NewExperimentAsync())).Info.RunId;
        var dataset = new Dataset("train", "d1g35t", "local", "{\"uri\":\"/data/train.csv\"}", "{\"mlflow_colspec\":[]}", "{\"num_rows\":100}");

        await Client.LogInputsAsync(runId, [new DatasetInput(dataset, [new Tag(DatasetInput.ContextTag, "training")])]);

        var input = Assert.Single((await Client.GetRunAsync(runId)).Inputs);
        Assert.Equal(dataset, input.Dataset);
        Assert.Equal([new Tag(DatasetInput.ContextTag, "training")], input.Tags);
    }

    [Fact]
    public async Task SearchRuns_applies_the_filter_and_order_by()
    {
        var experimentId = await NewExperimentAsync();
        foreach (var (name, auc, model) in new[] { ("a", 0.81, "tree"), ("b", 0.95, "gbm"), ("c", 0.91, "gbm"), ("d", 0.99, "linear") })
        {
            var runId = (await Client.CreateRunAsync(experimentId, name)).Info.RunId;
            await Client.LogBatchAsync(runId, [new Metric("auc", auc, StartTime, 0)], [new Param("model", model)]);
        }

        var page = await Client.SearchRunsAsync([experimentId], filter: "metrics.auc > 0.9 and params.model = 'gbm'", orderBy: ["metrics.auc DESC"]);

        Assert.Equal(["b", "c"], page.Items.Select(r => r.Info.RunName));
        Assert.Null(page.NextPageToken);
        Assert.Equal(0.95, Assert.Single(page.Items[0].Metrics).Value);
    }

    [Fact]
    public async Task SearchAllRuns_follows_page_tokens_across_experiments()
    {
        var first = await NewExperimentAsync();
        var second = await NewExperimentAsync();
        var expected = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var run = await Client.CreateRunAsync(i % 2 == 0 ? first : second, $"run-{i}", startTime: StartTime + i);
            expected.Add(run.Info.RunId);
        }

        var onePage = await Client.SearchRunsAsync([first, second], maxResults: 3);
        var all = await Client.SearchAllRunsAsync([first, second], orderBy: ["attributes.start_time ASC"], pageSize: 3).ToListAsync();

        Assert.Equal(3, onePage.Items.Count);
        Assert.NotNull(onePage.NextPageToken);
        Assert.Equal(expected, all.Select(r => r.Info.RunId));
    }

    private Task<string> NewExperimentAsync() => Client.CreateExperimentAsync(Names.Unique("sdk-runs"));

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);
}
