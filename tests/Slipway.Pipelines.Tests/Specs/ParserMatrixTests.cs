using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class ParserMatrixTests
{
    /// <summary>A file whose step <c>s</c> has the matrix <paramref name="matrix"/>, from line 5 (keys at column 7).</summary>
    private static string File(string matrix) => $"name: p\nparams: {{base: 0.1}}\nsteps:\n  s:\n    run: 'train ${{{{ matrix.lr }}}}'\n    matrix:\n{matrix}";

    private static MatrixSpec Matrix(string matrix) => Parse(File(matrix)).Steps[0].Matrix!;

    private static void Rejects(string matrix, int line, int column, string field, string message)
    {
        var error = SingleError(File(matrix));
        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
        Assert.Equal(new SourceLocation(line, column), error.Location);
    }

    [Fact]
    public void A_grid_is_the_default_strategy()
    {
        var matrix = Matrix("      values:\n        lr: [0.001, 0.01]\n        opt: [adam, 'sgd', true]\n");
        Assert.Equal(MatrixStrategy.Grid, matrix.Strategy);
        Assert.Null(matrix.Budget);
        Assert.Equal(0, matrix.Seed);
        Assert.Null(matrix.MaxParallel);
        Assert.Null(matrix.Rank);
        Assert.Equal(new SourceLocation(6, 5), matrix.Location);
        Assert.Equal(["lr", "opt"], matrix.Variables.Select(v => v.Name));
        Assert.Equal(["0.001", "0.01"], matrix.Variables[0].Values!);
        Assert.Equal(["adam", "sgd", "true"], matrix.Variables[1].Values!);
        Assert.All(matrix.Variables, v => Assert.Equal(MatrixDistribution.Choice, v.Distribution));
    }

    [Fact]
    public void Random_search_takes_a_budget_a_seed_and_ranges()
    {
        var matrix = Matrix("""
                  strategy: random
                  budget: 8
                  seed: 42
                  max_parallel: 2
                  rank: loss
                  values:
                    lr: {log_uniform: [1e-4, 0.1]}
                    depth: {int: [2, 8]}
                    alpha: {uniform: [0, 1]}
                    opt: [adam, sgd]

            """);
        Assert.Equal(MatrixStrategy.Random, matrix.Strategy);
        Assert.Equal(8, matrix.Budget);
        Assert.Equal(42, matrix.Seed);
        Assert.Equal(2, matrix.MaxParallel);
        Assert.Equal(new RankSpec("loss", true), matrix.Rank);
        Assert.Equal(
            [
                new MatrixVariable("lr", null, MatrixDistribution.LogUniform, 0.0001, 0.1),
                new MatrixVariable("depth", null, MatrixDistribution.WholeNumber, 2, 8),
                new MatrixVariable("alpha", null, MatrixDistribution.Uniform, 0, 1),
            ],
            matrix.Variables.Take(3));
        Assert.Equal(0, Matrix("      strategy: random\n      budget: 1\n      values: {lr: [1]}\n").Seed);
    }

    [Theory]
    [InlineData("{metric: loss, goal: minimize}", "loss", false)]
    [InlineData("{metric: acc}", "acc", true)]
    [InlineData("val/accuracy", "val/accuracy", true)]
    public void Rank_is_a_metric_and_a_goal(string rank, string metric, bool maximize) =>
        Assert.Equal(new RankSpec(metric, maximize), Matrix($"      rank: {rank}\n      values: {{lr: [1, 2]}}\n").Rank);

    [Theory]
    [InlineData("      values: {lr: {uniform: [0, 1]}}\n", 7, 21, "steps.s.matrix.values.lr", "ranges (uniform) need strategy: random; a grid takes lists such as [2, 4, 8]")]
    [InlineData("      budget: 4\n      values: {lr: [1]}\n", 7, 7, "steps.s.matrix.budget", "budget applies to strategy: random (a grid runs every combination)")]
    [InlineData("      seed: 4\n      values: {lr: [1]}\n", 7, 7, "steps.s.matrix.seed", "seed applies to strategy: random (a grid draws nothing)")]
    [InlineData("      strategy: random\n      values: {lr: [1]}\n", 6, 5, "steps.s.matrix", "strategy random needs a budget: how many variants to draw, such as budget: 8")]
    [InlineData("      strategy: random\n      budget: 0\n      values: {lr: [1]}\n", 8, 15, "steps.s.matrix.budget", "expected a whole number from 1 to 1000, got '0'")]
    [InlineData("      strategy: random\n      budget: 5000\n      values: {lr: [1]}\n", 8, 15, "steps.s.matrix.budget", "expected a whole number from 1 to 1000, got '5000'")]
    [InlineData("      strategy: random\n      budget: 2\n      seed: x\n      values: {lr: [1]}\n", 9, 13, "steps.s.matrix.seed", "expected a whole number, got 'x'")]
    [InlineData("      strategy: bayes\n      values: {lr: [1]}\n", 7, 17, "steps.s.matrix.strategy", "expected one of grid, random, got 'bayes'")]
    [InlineData("      strategy: randon\n      values: {lr: [1]}\n", 7, 17, "steps.s.matrix.strategy", "expected one of grid, random, got 'randon'; did you mean 'random'?")]
    [InlineData("      max_parallel: 0\n      values: {lr: [1]}\n", 7, 21, "steps.s.matrix.max_parallel", "expected a whole number from 1 to 1000, got '0'")]
    [InlineData("      strategy: grid\n", 6, 5, "steps.s.matrix", "missing 'values': the swept variables, such as {lr: [0.001, 0.01]}")]
    [InlineData("      values: {}\n", 7, 15, "steps.s.matrix.values", "a matrix needs at least one variable, such as {lr: [0.001, 0.01]}")]
    [InlineData("      values: {lr: []}\n", 7, 20, "steps.s.matrix.values.lr", "expected a list such as [0.001, 0.01] or a range such as {uniform: [0, 1]}, got a list")]
    [InlineData("      values: {lr: 0.1}\n", 7, 20, "steps.s.matrix.values.lr", "expected a list such as [0.001, 0.01] or a range such as {uniform: [0, 1]}, got '0.1'")]
    [InlineData("      values: {lr: [1, 2, 1]}\n", 7, 27, "steps.s.matrix.values.lr", "'1' is listed twice")]
    [InlineData("      values: {lr: [1, [2]]}\n", 7, 24, "steps.s.matrix.values.lr", "expected a single value, got a list")]
    [InlineData("      values: {lr: ['${{ params.rate }}']}\n", 7, 21, "steps.s.matrix.values.lr", "'params.rate': unknown param 'rate' (declared: base)")]
    [InlineData("      values: {lr: ['${{ pipeline.name }}']}\n", 7, 21, "steps.s.matrix.values.lr", "'pipeline.name' is not available in matrix values: only params are")]
    [InlineData("      values: {l.r: [1]}\n", 7, 16, "steps.s.matrix.values.l.r", "matrix variable names are 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'; got 'l.r'")]
    [InlineData("      values: {lr: [1]}\n      rank: {goal: minimize}\n", 8, 7, "steps.s.matrix.rank", "missing 'metric': the metric variants are ranked by")]
    [InlineData("      values: {lr: [1]}\n      rank: {metric: loss, goal: lowest}\n", 8, 34, "steps.s.matrix.rank.goal", "expected one of maximize, minimize, got 'lowest'")]
    [InlineData("      values: {lr: [1]}\n      rank: ''\n", 8, 13, "steps.s.matrix.rank", "expected a metric name, or {metric: loss, goal: minimize}, got an empty text")]
    public void Matrix_errors(string matrix, int line, int column, string field, string message) => Rejects(matrix, line, column, field, message);

    /// <summary>Ranges on line 9, whose text starts at column 20; <paramref name="offset"/> is where the error is within the range's text.</summary>
    [Theory]
    [InlineData("{int: [8, 2]}", 6, "steps.s.matrix.values.lr.int", "low (8) is above high (2)")]
    [InlineData("{int: [2, 8.5]}", 10, "steps.s.matrix.values.lr.int", "expected a whole number, got '8.5'")]
    [InlineData("{uniform: [0, x]}", 14, "steps.s.matrix.values.lr.uniform", "expected a number, got 'x'")]
    [InlineData("{uniform: [1]}", 10, "steps.s.matrix.values.lr.uniform", "expected [low, high], such as {uniform: [0, 1]}, got a list")]
    [InlineData("{uniform: 1}", 10, "steps.s.matrix.values.lr.uniform", "expected [low, high], such as {uniform: [0, 1]}, got '1'")]
    [InlineData("{log_uniform: [0, 1]}", 15, "steps.s.matrix.values.lr.log_uniform", "log_uniform needs a low above 0, got '0'")]
    [InlineData("{log_uniform: 5}", 14, "steps.s.matrix.values.lr.log_uniform", "expected [low, high], such as {log_uniform: [0.0001, 0.1]}, got '5'")]
    [InlineData("{normal: [0, 1]}", 1, "steps.s.matrix.values.lr.normal", "unknown key 'normal' (expected int, uniform, log_uniform)")]
    [InlineData("{unifrom: [0, 1]}", 1, "steps.s.matrix.values.lr.unifrom", "unknown key 'unifrom'; did you mean 'uniform'?")]
    [InlineData("{int: [0, 1], uniform: [0, 1]}", 0, "steps.s.matrix.values.lr", "a range has one of int, uniform or log_uniform, such as {uniform: [0, 1]}")]
    public void Range_errors(string range, int offset, string field, string message) =>
        Rejects($"      strategy: random\n      budget: 2\n      values: {{lr: {range}}}\n", 9, 20 + offset, field, message);

    [Fact]
    public void A_grid_of_more_than_a_thousand_variants_is_refused()
    {
        var list = "[" + string.Join(", ", Enumerable.Range(0, 40)) + "]";
        Rejects($"      values:\n        a: {list}\n        b: {list}\n", 7, 7, "steps.s.matrix.values", "the grid has more than 1000 combinations; use fewer values, or strategy: random with a budget");
    }

    [Fact]
    public void Matrix_variables_are_visible_to_templates_and_conditions_of_the_step_only()
    {
        var spec = Parse("""
            name: p
            steps:
              s:
                run: train --lr ${{ matrix.lr }}
                env: {DEPTH: "${{ matrix.depth }}"}
                when: matrix.lr > 0.001
                matrix: {values: {lr: [0.001, 0.01], depth: [2]}}
              t: {run: "eval ${{ steps.s.metrics.acc }}"}
            """);
        Assert.Equal(["matrix.lr"], spec.Steps[0].When!.References);

        var error = SingleError("name: p\nsteps:\n  s: {run: x, matrix: {values: {lr: [1]}}}\n  t: {run: 'y ${{ matrix.lr }}'}\n");
        Assert.Equal("'matrix.lr': matrix values are available in steps with a matrix only", error.Message);
    }

    [Fact]
    public void A_faulty_variable_does_not_cascade_into_its_templates()
    {
        var error = SingleError(File("      values: {lr: 0.1}\n"));
        Assert.Equal("steps.s.matrix.values.lr", error.Field);
    }
}
