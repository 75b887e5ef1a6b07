using System.Globalization;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>
/// Sweeps on a real server: every variant runs as a step of its own, the sweep ranks them by a metric they log through
/// the MLflow REST API, and from then on stands for its best variant.
/// </summary>
public sealed class PipelineSweepTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private readonly PipelineApi _api = new(server.Http);

    [Theory]
    [InlineData("maximize", "train.2", "3", new[] { "train.2", "train.1", "train.3" })]
    [InlineData("minimize", "train.3", "1", new[] { "train.3", "train.1", "train.2" })]
    public async Task A_grid_sweep_is_ranked_by_its_metric_and_later_steps_see_the_best_variant(string goal, string best, string bestScore, string[] order)
    {
        var run = await _api.RunAsync(PipelineApi.Spec(Names.Unique("sweep"), $$$"""
            steps:
              train:
                run: |
                  mkdir -p out && echo "x=${{ matrix.x }}" > out/x.txt
                  {{{PipelineApi.LogMetricCommand("score", "${{ matrix.x }}")}}}
                outputs: {model: out/}
                resources: {cpu: 0.1}
                matrix:
                  values: {x: [2, 3, 1]}
                  rank: {metric: score, goal: {{{goal}}}}
              report:
                run: echo "best score ${{ steps.train.metrics.score }} from $(cat ${{ inputs.m }}/x.txt)"
                inputs: {m: steps.train.outputs.model}
            """));

        Assert.Equal("succeeded", run.Str("status"));
        var sweep = PipelineApi.Step(run, "train");
        Assert.Equal(["train.1", "train.2", "train.3"], sweep.Required("variants").AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("succeeded", sweep.Str("status"));
        Assert.Contains($"best: {best} (x={bestScore})", sweep.Str("message"), StringComparison.Ordinal);
        for (var i = 0; i < order.Length; i++)
        {
            var variant = PipelineApi.Step(run, order[i]);
            Assert.Equal("succeeded", variant.Str("status"));
            Assert.Equal("train", variant.Str("sweep"));
            var tracking = await server.Api.GetRunAsync(variant.Str("run_id"));
            tracking.AssertTag("data.tags", "slipway.sweep.rank", (i + 1).ToString(CultureInfo.InvariantCulture));
            Assert.Equal(sweep.Str("run_id"), tracking.Items("data.tags").ValueOf("mlflow.parentRunId"));
            Assert.Equal(variant.Str("matrix.x"), tracking.Items("data.params").ValueOf("x"));
        }

        var sweepRun = await server.Api.GetRunAsync(sweep.Str("run_id"));
        sweepRun.AssertTag("data.tags", "slipway.sweep.best", best);
        Assert.Equal(double.Parse(bestScore, CultureInfo.InvariantCulture), sweepRun.Items("data.metrics").Single(m => m.Str("key") == "best_score").Num("value"));
        Assert.Contains($"best score {bestScore} from x={bestScore}", await _api.LogsAsync(run.Str("id"), "report"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_random_sweep_with_a_seed_runs_its_budget_of_variants_with_the_same_values_every_time()
    {
        var spec = PipelineApi.Spec(Names.Unique("random"), """
            steps:
              train:
                run: echo "lr=${{ matrix.lr }} depth=${{ matrix.depth }}"
                resources: {cpu: 0.1}
                cache: false
                matrix:
                  strategy: random
                  budget: 4
                  seed: 42
                  values:
                    lr: {log_uniform: [0.0001, 0.1]}
                    depth: {int: [1, 100]}
            """);

        var first = await _api.RunAsync(spec);
        var second = await _api.RunAsync(spec);

        var drawn = new List<IReadOnlyList<string>>();
        foreach (var run in new[] { first, second })
        {
            Assert.Equal("succeeded", run.Str("status"));
            var variants = PipelineApi.Step(run, "train").Required("variants").AsArray().Select(v => v!.GetValue<string>()).ToList();
            Assert.Equal(["train.1", "train.2", "train.3", "train.4"], variants);
            var values = new List<string>();
            foreach (var name in variants)
            {
                var variant = PipelineApi.Step(run, name);
                Assert.Equal("succeeded", variant.Str("status"));
                var text = $"lr={variant.Str("matrix.lr")} depth={variant.Str("matrix.depth")}";
                Assert.Contains(text, await _api.LogsAsync(run.Str("id"), name), StringComparison.Ordinal);
                values.Add(text);
            }

            drawn.Add(values);
        }

        Assert.Equal(drawn[0], drawn[1]);
        Assert.Equal(4, drawn[0].Distinct().Count());
    }

    [Fact]
    public async Task A_sweep_with_max_parallel_1_runs_its_variants_one_after_another()
    {
        var run = await _api.RunAsync(PipelineApi.Spec(Names.Unique("serial"), """
            steps:
              train:
                run: sleep 0.5
                resources: {cpu: 0.1}
                cache: false
                matrix:
                  max_parallel: 1
                  values: {x: [1, 2, 3]}
            """));

        Assert.Equal("succeeded", run.Str("status"));
        var spans = Enumerable.Range(1, 3).Select(i => PipelineApi.Span(run, $"train.{i}")).OrderBy(s => s.Start).ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].Start >= spans[i - 1].End, $"variant spans overlap: {string.Join(", ", spans)}");
        }
    }
}
