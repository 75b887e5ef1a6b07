using Slipway.Core.Errors;
using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class PipelineGraphTests
{
    [Fact]
    public void Explicit_and_implied_edges_are_all_dependencies()
    {
        var spec = Parse("""
            name: p
            params: {min: 0.5}
            steps:
              prepare: {run: prep, outputs: {data: data/}}
              train:
                run: python train.py --data ${{ inputs.data }}
                inputs: {data: steps.prepare.outputs.data}
                outputs: {model: model/}
              eval: {run: "eval --baseline ${{ steps.train.metrics.loss }}"}
              report: {run: report, env: {ACC: "${{ steps.eval.metrics.acc }}"}}
              gate: {run: gate, when: "steps.eval.metrics.acc > params.min || steps.prepare.status == 'failed'"}
              manual: {run: manual, needs: report}
              register: {uses: register-model, with: {model: m, from: steps.train.outputs.model}}
              compare: {uses: compare-model, with: {candidate: steps.train, model: m, metric: acc}}
              promote: {uses: promote-model, with: {model: m, version: "${{ steps.register.metrics.version }}", alias: prod}}
              alone: {run: alone}
            """);
        var graph = new PipelineGraph(spec);

        Assert.Empty(graph.DependenciesOf("prepare"));
        Assert.Equal(["prepare"], graph.DependenciesOf("train"));
        Assert.Equal(["train"], graph.DependenciesOf("eval"));
        Assert.Equal(["eval"], graph.DependenciesOf("report"));
        Assert.Equal(["prepare", "eval"], graph.DependenciesOf("gate"));
        Assert.Equal(["report"], graph.DependenciesOf("manual"));
        Assert.Equal(["train"], graph.DependenciesOf("register"));
        Assert.Equal(["train"], graph.DependenciesOf("compare"));
        Assert.Equal(["register"], graph.DependenciesOf("promote"));
        Assert.Empty(graph.DependenciesOf("alone"));
        Assert.Equal(["train", "gate"], graph.DependentsOf("prepare"));
        Assert.Equal(
            ["prepare", "train", "eval", "report", "gate", "manual", "register", "compare", "promote", "alone"],
            graph.TopologicalOrder);
    }

    [Fact]
    public void The_order_is_stable_file_order_among_ready_steps()
    {
        var spec = Parse("""
            name: p
            steps:
              deploy: {run: d, needs: [test, build]}
              test: {run: t, needs: build}
              lint: {run: l}
              build: {run: b}
              docs: {run: x}
            """);
        var graph = new PipelineGraph(spec);

        Assert.Equal(["lint", "build", "test", "deploy", "docs"], graph.TopologicalOrder);
        Assert.Equal(["test", "build"], graph.DependenciesOf("deploy"));
    }

    [Fact]
    public void Unknown_steps_are_not_found()
    {
        var graph = new PipelineGraph(Parse("name: p\nsteps:\n  a: {run: x}\n"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, Assert.Throws<SlipwayException>(() => graph.DependenciesOf("b")).Code);
    }

    [Fact]
    public void A_cycle_is_a_parse_error_naming_it()
    {
        var e = Fails("""
            name: p
            steps:
              x: {run: x}
              a: {run: a, needs: c}
              b: {run: b, needs: a}
              c: {run: c, needs: b}
            """);

        var error = Assert.Single(e.Errors);
        Assert.Equal(new SourceLocation(4, 3), error.Location);
        Assert.Equal("steps.a", error.Field);
        Assert.Equal("cycle: a -> c -> b -> a (each step depends on the next)", error.Message);
        Assert.Equal("slipway.yaml:4:3: steps.a: cycle: a -> c -> b -> a (each step depends on the next)", e.Message);
    }

    [Fact]
    public void Implied_edges_make_cycles_too_and_each_cycle_is_reported()
    {
        var e = Fails("""
            name: p
            steps:
              train:
                run: train
                inputs: {m: steps.eval.outputs.report}
                outputs: {model: model/}
              eval:
                run: "eval ${{ steps.train.metrics.loss }}"
                outputs: {report: r.json}
              left: {run: l, when: "steps.right.status == 'succeeded'"}
              right: {run: r, needs: left}
              after: {run: z, needs: right}
            """);

        Assert.Equal(2, e.Errors.Count);
        HasError(e, 3, 3, "steps.train", "cycle: train -> eval -> train");
        HasError(e, 10, 3, "steps.left", "cycle: left -> right -> left");
    }

    [Fact]
    public void The_shortest_cycle_through_the_first_step_is_named()
    {
        var e = Fails("""
            name: p
            steps:
              a: {run: a, needs: [b, d]}
              b: {run: b, needs: c}
              c: {run: c, needs: a}
              d: {run: d, needs: a}
            """);

        Assert.Equal("cycle: a -> d -> a (each step depends on the next)", Assert.Single(e.Errors).Message);
    }

    [Fact]
    public void A_hand_built_spec_with_a_cycle_or_unknown_step_does_not_build()
    {
        var spec = Parse("name: p\nsteps:\n  a: {run: a}\n  b: {run: b, needs: a}\n");
        var cyclic = spec with { Steps = [spec.Steps[0] with { Needs = ["b"] }, spec.Steps[1]] };
        Assert.Contains("cycle: a -> b -> a", Assert.Throws<SlipwayException>(() => new PipelineGraph(cyclic)).Message, StringComparison.Ordinal);

        var self = spec with { Steps = [spec.Steps[0] with { Needs = ["a"] }] };
        Assert.Contains("cycle: a -> a", Assert.Throws<SlipwayException>(() => new PipelineGraph(self)).Message, StringComparison.Ordinal);

        var unknown = spec with { Steps = [spec.Steps[0] with { Needs = ["ghost"] }] };
        Assert.Contains("'ghost', which is not a step", Assert.Throws<SlipwayException>(() => new PipelineGraph(unknown)).Message, StringComparison.Ordinal);
    }
}
