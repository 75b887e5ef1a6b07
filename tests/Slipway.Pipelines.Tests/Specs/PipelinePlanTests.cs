using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class PipelinePlanTests
{
    private static readonly Dictionary<string, string> NoParams = [];

    [Fact]
    public void Steps_without_matrix_plan_as_themselves()
    {
        var spec = Parse("name: p\nsteps:\n  b: {run: b, needs: a}\n  a: {run: a}\n");
        var plan = PipelinePlan.Build(spec, NoParams);

        Assert.Equal(["a", "b"], plan.Select(p => p.Name));
        Assert.All(plan, p =>
        {
            Assert.Empty(p.Matrix);
            Assert.Null(p.SweepParent);
            Assert.Empty(p.Variants);
            Assert.False(p.IsSweepParent);
            Assert.False(p.IsVariant);
        });
        Assert.Same(spec.FindStep("b"), plan[1].Spec);
        Assert.Equal(["a"], plan[1].DependsOn);
    }

    [Fact]
    public void A_grid_is_the_product_in_file_order_with_the_first_variable_slowest()
    {
        var spec = Parse("""
            name: p
            steps:
              prep: {run: prep}
              train:
                run: train
                needs: prep
                matrix:
                  values:
                    lr: [0.1, 0.01]
                    depth: [2, 4, 8]
              report: {run: "report ${{ steps.train.metrics.acc }}"}
            """);
        var plan = PipelinePlan.Build(spec, NoParams);

        Assert.Equal(["prep", "train.1", "train.2", "train.3", "train.4", "train.5", "train.6", "train", "report"], plan.Select(p => p.Name));
        var variants = plan.Where(p => p.IsVariant).ToList();
        Assert.Equal(
            ["0.1/2", "0.1/4", "0.1/8", "0.01/2", "0.01/4", "0.01/8"],
            variants.Select(v => $"{v.Matrix["lr"]}/{v.Matrix["depth"]}"));
        Assert.All(variants, v =>
        {
            Assert.Equal("train", v.SweepParent);
            Assert.Equal(["prep"], v.DependsOn);
            Assert.Equal(["lr", "depth"], v.Matrix.Keys);
            Assert.Same(spec.FindStep("train"), v.Spec);
        });

        var parent = plan.Single(p => p.Name == "train");
        Assert.True(parent.IsSweepParent);
        Assert.Empty(parent.Matrix);
        Assert.Equal(["train.1", "train.2", "train.3", "train.4", "train.5", "train.6"], parent.Variants);
        Assert.Equal(parent.Variants, parent.DependsOn);
        Assert.Equal(["train"], plan.Single(p => p.Name == "report").DependsOn);
    }

    [Fact]
    public void Random_search_is_deterministic_for_a_seed()
    {
        const string Yaml = """
            name: p
            steps:
              train:
                run: train
                matrix:
                  strategy: random
                  budget: 20
                  seed: SEED
                  values:
                    opt: [adam, sgd]
                    depth: {int: [2, 8]}
                    dropout: {uniform: [0.1, 0.5]}
                    lr: {log_uniform: [0.0001, 0.1]}
            """;
        var first = Variants(Yaml.Replace("SEED", "7", StringComparison.Ordinal));
        var again = Variants(Yaml.Replace("SEED", "7", StringComparison.Ordinal));
        var other = Variants(Yaml.Replace("SEED", "8", StringComparison.Ordinal));

        Assert.Equal(20, first.Count);
        Assert.Equal(first.Select(Describe), again.Select(Describe));
        Assert.NotEqual(first.Select(Describe), other.Select(Describe));
        Assert.All(first, v =>
        {
            Assert.True(v["opt"] is "adam" or "sgd");
            var depth = long.Parse(v["depth"], CultureInfo.InvariantCulture);
            Assert.InRange(depth, 2, 8);
            Assert.InRange(double.Parse(v["dropout"], CultureInfo.InvariantCulture), 0.1, 0.5);
            Assert.InRange(double.Parse(v["lr"], CultureInfo.InvariantCulture), 0.0001, 0.1);
            Assert.Equal(double.Parse(v["lr"], CultureInfo.InvariantCulture).ToString("G6", CultureInfo.InvariantCulture), v["lr"]);
            Assert.True(v["dropout"].Replace("0.", "", StringComparison.Ordinal).TrimStart('0').Length <= 6);
        });
        Assert.True(first.Select(v => v["depth"]).Distinct().Count() > 3, "whole numbers should spread over the range");
        Assert.Contains(first, v => v["depth"] == "8");
    }

    [Fact]
    public void Seeded_draws_are_pinned_so_a_spec_always_plans_the_same_variants()
    {
        // new Random(seed) draws the variables in file order, one variant after the other. These values pin that
        // order: a change here changes the variants of every existing random sweep.
        var location = new SourceLocation(1, 1);
        var mixed = new MatrixSpec(
            MatrixStrategy.Random,
            [
                new MatrixVariable("opt", ["adam", "sgd"], MatrixDistribution.Choice, 0, 0),
                new MatrixVariable("depth", null, MatrixDistribution.WholeNumber, 2, 8),
                new MatrixVariable("dropout", null, MatrixDistribution.Uniform, 0, 0.5),
                new MatrixVariable("lr", null, MatrixDistribution.LogUniform, 0.0001, 0.1),
            ],
            3, 42, null, null, location);
        Assert.Equal(
            [
                "opt=sgd,depth=6,dropout=0.0842171,lr=0.000613448",
                "opt=sgd,depth=8,dropout=0.117294,lr=0.000591513",
                "opt=sgd,depth=4,dropout=0.258726,lr=0.000127631",
            ],
            PipelinePlan.Expand(mixed, NoParams).Select(Describe));

        var lists = new MatrixSpec(
            MatrixStrategy.Random,
            [new MatrixVariable("a", ["1", "2", "3"], MatrixDistribution.Choice, 0, 0), new MatrixVariable("b", ["x", "y"], MatrixDistribution.Choice, 0, 0)],
            4, 42, null, null, location);
        Assert.Equal(["a=3,b=x", "a=1,b=y", "a=1,b=x", "a=3,b=y"], PipelinePlan.Expand(lists, NoParams).Select(Describe));
    }

    [Fact]
    public void Random_search_over_lists_draws_distinct_combinations_capped_at_the_grid()
    {
        const string Yaml = """
            name: p
            steps:
              train:
                run: train
                matrix:
                  strategy: random
                  budget: BUDGET
                  seed: 3
                  values:
                    a: [1, 2]
                    b: [x, y, z]
            """;
        var capped = Variants(Yaml.Replace("BUDGET", "50", StringComparison.Ordinal));
        Assert.Equal(6, capped.Count);
        Assert.Equal(6, capped.Select(Describe).Distinct().Count());

        var some = Variants(Yaml.Replace("BUDGET", "4", StringComparison.Ordinal));
        Assert.Equal(4, some.Count);
        Assert.Equal(4, some.Select(Describe).Distinct().Count());
        Assert.Equal(some.Select(Describe), Variants(Yaml.Replace("BUDGET", "4", StringComparison.Ordinal)).Select(Describe));
    }

    [Fact]
    public void Matrix_lists_may_use_params()
    {
        var spec = Parse("""
            name: p
            params: {base: 0.01}
            steps:
              train:
                run: train
                matrix: {values: {lr: ["${{ params.base }}", 0.1]}}
            """);
        var plan = PipelinePlan.Build(spec, new Dictionary<string, string> { ["base"] = "0.05" });
        Assert.Equal(["0.05", "0.1"], plan.Where(p => p.IsVariant).Select(p => p.Matrix["lr"]));
    }

    [Fact]
    public void Dependents_of_a_sweep_wait_for_its_parent_and_sweeps_can_follow_sweeps()
    {
        var spec = Parse("""
            name: p
            steps:
              a:
                run: a
                outputs: {m: m/}
                matrix: {values: {x: [1, 2]}}
              b:
                run: b
                inputs: {m: steps.a.outputs.m}
                matrix: {values: {y: [3, 4]}}
            """);
        var plan = PipelinePlan.Build(spec, NoParams);

        Assert.Equal(["a.1", "a.2", "a", "b.1", "b.2", "b"], plan.Select(p => p.Name));
        Assert.Equal(["a"], plan[3].DependsOn);
        Assert.Equal(["a"], plan[4].DependsOn);
        Assert.Equal(["b.1", "b.2"], plan[5].DependsOn);
    }

    [Fact]
    public void Expand_validates_hand_built_matrices()
    {
        var range = new MatrixVariable("x", null, MatrixDistribution.Uniform, 0, 1);
        var list = new MatrixVariable("y", ["a"], MatrixDistribution.Choice, 0, 0);
        var location = new SourceLocation(1, 1);

        Assert.Contains("a grid needs lists", Expect(new MatrixSpec(MatrixStrategy.Grid, [range], null, 0, null, null, location)), StringComparison.Ordinal);
        Assert.Contains("needs a budget of 1 or more", Expect(new MatrixSpec(MatrixStrategy.Random, [range], null, 0, null, null, location)), StringComparison.Ordinal);
        Assert.Contains("needs a budget of 1 or more", Expect(new MatrixSpec(MatrixStrategy.Random, [range], 0, 0, null, null, location)), StringComparison.Ordinal);
        Assert.Contains("at least one variable", Expect(new MatrixSpec(MatrixStrategy.Grid, [], null, 0, null, null, location)), StringComparison.Ordinal);
        Assert.Single(PipelinePlan.Expand(new MatrixSpec(MatrixStrategy.Grid, [list], null, 0, null, null, location), NoParams));

        var big = new MatrixVariable("z", [.. Enumerable.Range(0, 40).Select(i => i.ToString(CultureInfo.InvariantCulture))], MatrixDistribution.Choice, 0, 0);
        Assert.Contains("more than 1000 combinations", Expect(new MatrixSpec(MatrixStrategy.Grid, [big, big with { Name = "w" }], null, 0, null, null, location)), StringComparison.Ordinal);

        static string Expect(MatrixSpec matrix) =>
            Assert.Throws<SlipwayException>(() => PipelinePlan.Expand(matrix, NoParams)).Message;
    }

    private static List<IReadOnlyDictionary<string, string>> Variants(string yaml) =>
        [.. PipelinePlan.Build(Parse(yaml), NoParams).Where(p => p.IsVariant).Select(p => p.Matrix)];

    private static string Describe(IReadOnlyDictionary<string, string> values) => string.Join(",", values.Select(v => $"{v.Key}={v.Value}"));
}
