using Slipway.IntegrationTests.Data;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>
/// Step caching on a real server: a step whose command, params, inputs and code are unchanged is not run again, its
/// run points at the run that did the work, and the steps after it read that run's outputs.
/// </summary>
public sealed class PipelineCacheTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private readonly PipelineApi _api = new(server.Http);
    private readonly DatasetWire _wire = new(server.Http);

    [Fact]
    public async Task The_same_spec_run_again_takes_every_step_from_the_cache_of_the_first_run()
    {
        var spec = PipelineApi.Spec(Names.Unique("cache"), """
            steps:
              produce:
                run: mkdir -p out && echo "made once" > out/made.txt
                outputs: {made: out/}
              consume:
                run: cp ${{ inputs.m }}/made.txt seen.txt
                inputs: {m: steps.produce.outputs.made}
                outputs: {seen: seen.txt}
            """);

        var first = await _api.RunAsync(spec);
        var second = await _api.RunAsync(spec);

        Assert.Equal("succeeded", first.Str("status"));
        Assert.Equal("succeeded", second.Str("status"));
        foreach (var name in new[] { "produce", "consume" })
        {
            var original = PipelineApi.Step(first, name);
            var reused = PipelineApi.Step(second, name);
            Assert.Equal("succeeded", original.Str("status"));
            Assert.Null(original["cached_from"]);
            Assert.Equal("cached", reused.Str("status"));
            Assert.Equal(original.Str("run_id"), reused.Str("cached_from"));
            Assert.NotEqual(original.Str("run_id"), reused.Str("run_id"));
            var tracking = await server.Api.GetRunAsync(reused.Str("run_id"));
            tracking.AssertTag("data.tags", "slipway.cache", "hit");
            tracking.AssertTag("data.tags", "slipway.cache.source_run", original.Str("run_id"));
            Assert.Equal(second.Str("id"), tracking.Items("data.tags").ValueOf("mlflow.parentRunId"));
            Assert.Equal("FINISHED", tracking.Str("info.status"));
        }
    }

    [Fact]
    public async Task Changing_a_param_reruns_the_steps_that_use_it_and_what_reads_their_outputs_and_keeps_the_others_cached()
    {
        var spec = PipelineApi.Spec(Names.Unique("cache"), """
            params:
              a: one
              b: one
            steps:
              left:
                run: mkdir -p out && echo "left ${{ params.a }}" > out/v.txt
                outputs: {v: out/}
              after-left:
                run: echo "saw $(cat ${{ inputs.v }}/v.txt)"
                inputs: {v: steps.left.outputs.v}
              right:
                run: mkdir -p out && echo "right ${{ params.b }}" > out/v.txt
                outputs: {v: out/}
              after-right:
                run: echo "saw $(cat ${{ inputs.v }}/v.txt)"
                inputs: {v: steps.right.outputs.v}
              join:
                run: echo "joined $(cat ${{ inputs.v }}/v.txt) with a=${{ params.a }}"
                inputs: {v: steps.right.outputs.v}
            """);

        var first = await _api.RunAsync(spec, new Dictionary<string, string> { ["a"] = "one", ["b"] = "one" });
        var second = await _api.RunAsync(spec, new Dictionary<string, string> { ["a"] = "two", ["b"] = "one" });

        Assert.Equal("succeeded", first.Str("status"));
        Assert.Equal("succeeded", second.Str("status"));
        Assert.All(first.Items("steps"), s => Assert.Equal("succeeded", s.Str("status")));
        Assert.Equal("succeeded", PipelineApi.Status(second, "left"));
        Assert.Equal("succeeded", PipelineApi.Status(second, "after-left"));
        Assert.Equal("cached", PipelineApi.Status(second, "right"));
        Assert.Equal("cached", PipelineApi.Status(second, "after-right"));
        Assert.Equal("succeeded", PipelineApi.Status(second, "join"));
        Assert.Contains("saw left two", await _api.LogsAsync(second.Str("id"), "after-left"), StringComparison.Ordinal);

        // join ran again (it uses a) and read the output of right from the run that made it in the first pipeline run.
        Assert.Equal(PipelineApi.Step(first, "right").Str("run_id"), PipelineApi.Step(second, "right").Str("cached_from"));
        Assert.Contains("joined right one with a=two", await _api.LogsAsync(second.Str("id"), "join"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dataset_input_hits_the_cache_for_the_same_version_and_misses_for_new_content()
    {
        var dataset = Names.Unique("rows");
        var spec = PipelineApi.Spec(Names.Unique("cache"), $$$"""
            steps:
              count:
                run: echo "rows $(wc -l < ${{ inputs.rows }}/rows.csv)"
                inputs: {rows: "data:{{{dataset}}}@latest"}
            """);
        await _wire.PushAsync(dataset, [DatasetWire.File.Text("rows.csv", "id\n1\n")]);

        var first = await _api.RunAsync(spec);
        var again = await _wire.PushAsync(dataset, [DatasetWire.File.Text("rows.csv", "id\n1\n")]);
        var same = await _api.RunAsync(spec);
        await _wire.PushAsync(dataset, [DatasetWire.File.Text("rows.csv", "id\n1\n2\n")]);
        var changed = await _api.RunAsync(spec);

        Assert.Equal(1, again.Int64Value("version"));
        Assert.Equal("succeeded", PipelineApi.Status(first, "count"));
        Assert.Contains("rows 2", await _api.LogsAsync(first.Str("id"), "count"), StringComparison.Ordinal);
        Assert.Equal("cached", PipelineApi.Status(same, "count"));
        Assert.Equal(PipelineApi.Step(first, "count").Str("run_id"), PipelineApi.Step(same, "count").Str("cached_from"));
        Assert.Equal("succeeded", PipelineApi.Status(changed, "count"));
        Assert.Null(PipelineApi.Step(changed, "count")["cached_from"]);
        Assert.Contains("rows 3", await _api.LogsAsync(changed.Str("id"), "count"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_with_cache_false_runs_every_time()
    {
        var spec = PipelineApi.Spec(Names.Unique("cache"), """
            steps:
              side-effect: {run: echo "pushed", cache: false}
            """);

        var first = await _api.RunAsync(spec);
        var second = await _api.RunAsync(spec);

        foreach (var run in new[] { first, second })
        {
            var step = PipelineApi.Step(run, "side-effect");
            Assert.Equal("succeeded", step.Str("status"));
            Assert.Null(step["cached_from"]);
            Assert.Contains("pushed", await _api.LogsAsync(run.Str("id"), "side-effect"), StringComparison.Ordinal);
            var tracking = await server.Api.GetRunAsync(step.Str("run_id"));
            Assert.Null(tracking.Items("data.tags").ValueOf("slipway.cache"));
        }
    }

    [Fact]
    public async Task A_step_declaring_its_code_ignores_changes_to_other_files_and_reruns_when_its_own_change()
    {
        var pipeline = Names.Unique("code");
        var spec = PipelineApi.Spec(pipeline, """
            steps:
              only-a:
                run: python3 a.py
                code: [a.py]
              all-code:
                run: python3 a.py
            """);

        var v1 = await _api.PushCodeAsync(pipeline, ("a.py", "print('a version 1')"), ("b.py", "print('b version 1')"));
        var first = await _api.RunAsync(spec, code: v1);
        var v2 = await _api.PushCodeAsync(pipeline, ("a.py", "print('a version 1')"), ("b.py", "print('b version 2')"));
        var otherFileChanged = await _api.RunAsync(spec, code: v2);
        var v3 = await _api.PushCodeAsync(pipeline, ("a.py", "print('a version 2')"), ("b.py", "print('b version 2')"));
        var ownFileChanged = await _api.RunAsync(spec, code: v3);

        Assert.Equal("succeeded", PipelineApi.Status(first, "only-a"));
        Assert.Contains("a version 1", await _api.LogsAsync(first.Str("id"), "only-a"), StringComparison.Ordinal);
        Assert.Equal("cached", PipelineApi.Status(otherFileChanged, "only-a"));
        Assert.Equal(PipelineApi.Step(first, "only-a").Str("run_id"), PipelineApi.Step(otherFileChanged, "only-a").Str("cached_from"));

        // A step that declares no code depends on all of it.
        Assert.Equal("succeeded", PipelineApi.Status(otherFileChanged, "all-code"));
        Assert.Null(PipelineApi.Step(otherFileChanged, "all-code")["cached_from"]);

        Assert.Equal("succeeded", PipelineApi.Status(ownFileChanged, "only-a"));
        Assert.Null(PipelineApi.Step(ownFileChanged, "only-a")["cached_from"]);
        Assert.Contains("a version 2", await _api.LogsAsync(ownFileChanged.Str("id"), "only-a"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_code_path_that_matches_no_file_fails_the_step_naming_it()
    {
        var pipeline = Names.Unique("code");
        var code = await _api.PushCodeAsync(pipeline, ("train.py", "print('training')"));

        var run = await _api.RunAsync(
            PipelineApi.Spec(pipeline, """
            steps:
              train:
                run: python3 train.py
                code: [train.py, trian_utils.py]
            """),
            code: code);

        Assert.Equal("failed", run.Str("status"));
        var step = PipelineApi.Step(run, "train");
        Assert.Equal("failed", step.Str("status"));
        Assert.Contains("trian_utils.py", step.Str("message"), StringComparison.Ordinal);
        Assert.Contains("trian_utils.py", run.Str("message"), StringComparison.Ordinal);
    }
}
