using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class ParserPipelineTests
{
    [Fact]
    public void A_minimal_file_takes_the_defaults()
    {
        var spec = Parse("name: p\nsteps:\n  a: {run: x}\n");

        Assert.Equal("p", spec.Name);
        Assert.Null(spec.Description);
        Assert.Null(spec.Experiment);
        Assert.Equal("p", spec.ExperimentName);
        Assert.Empty(spec.Params);
        Assert.Empty(spec.Env);
        Assert.Empty(spec.Triggers);
        Assert.Equal(ConcurrencyPolicy.Allow, spec.Concurrency);
        Assert.Equal(TimeSpan.Zero, spec.Cooldown);

        var step = Assert.Single(spec.Steps);
        Assert.Equal("x", step.Run);
        Assert.Null(step.Uses);
        Assert.Empty(step.With);
        Assert.Empty(step.Env);
        Assert.Empty(step.Inputs);
        Assert.Empty(step.Outputs);
        Assert.Empty(step.Needs);
        Assert.Equal(ResourceRequest.Default, step.Resources);
        Assert.Equal(RetryPolicy.None, step.Retries);
        Assert.Null(step.Timeout);
        Assert.True(step.Cache);
        Assert.Empty(step.Code);
        Assert.Null(step.When);
        Assert.Null(step.Matrix);
        Assert.Equal(new SourceLocation(3, 3), step.Location);
    }

    [Theory]
    [InlineData("churn")]
    [InlineData("9lives")]
    [InlineData("a.b_c-d")]
    [InlineData("x")]
    public void Pipeline_names_that_are_valid(string name) => Assert.Equal(name, Parse($"name: {name}\nsteps:\n  a: {{run: x}}\n").Name);

    [Theory]
    [InlineData("_hidden")]
    [InlineData("-dash")]
    [InlineData("'has space'")]
    [InlineData("a/b")]
    [InlineData("\"\"")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Pipeline_names_that_are_not(string name)
    {
        var error = SingleError($"name: {name}\nsteps:\n  a: {{run: x}}\n");
        Assert.Equal(new SourceLocation(1, 7), error.Location);
        Assert.Equal("name", error.Field);
        Assert.StartsWith("expected 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit, got ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_and_steps_are_required()
    {
        var e = Fails("description: nothing\n");
        Assert.Equal(2, e.Errors.Count);
        HasError(e, 1, 1, "name", "missing: every pipeline has a name");
        HasError(e, 1, 1, "steps", "missing: a pipeline needs 'steps'");
    }

    [Theory]
    [InlineData("steps: {}\n", "steps", 2, 8, "a pipeline needs at least one step")]
    [InlineData("steps: [a, b]\n", "steps", 2, 8, "expected a mapping such as {train: {run: python train.py}}, got a list")]
    [InlineData("steps:\n", "steps", 2, 7, "expected a mapping such as {train: {run: python train.py}}, got nothing")]
    [InlineData("name2: x\nsteps: {a: {run: x}}\n", "name2", 2, 1, "unknown key 'name2'; did you mean 'name'?")]
    [InlineData("experiment: ''\nsteps: {a: {run: x}}\n", "experiment", 2, 13, "expected an experiment name, got an empty text")]
    [InlineData("description: [a]\nsteps: {a: {run: x}}\n", "description", 2, 14, "expected a description, got a list")]
    public void Top_level_fields_are_checked(string rest, string field, int line, int column, string message)
    {
        var error = SingleError("name: p\n" + rest);
        Assert.Equal(field, error.Field);
        Assert.Equal(new SourceLocation(line, column), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("allow", ConcurrencyPolicy.Allow)]
    [InlineData("skip-if-running", ConcurrencyPolicy.SkipIfRunning)]
    [InlineData("queue", ConcurrencyPolicy.Queue)]
    public void Concurrency_policies(string text, ConcurrencyPolicy policy) =>
        Assert.Equal(policy, Parse($"name: p\nconcurrency: {text}\nsteps: {{a: {{run: x}}}}\n").Concurrency);

    [Fact]
    public void A_misspelt_concurrency_is_suggested()
    {
        var error = SingleError("name: p\nconcurrency: skip_if_running\nsteps: {a: {run: x}}\n");
        Assert.Equal("expected one of allow, skip-if-running, queue, got 'skip_if_running'; did you mean 'skip-if-running'?", error.Message);
    }

    [Fact]
    public void Cooldown_is_a_duration()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Parse("name: p\ncooldown: 1h30m\nsteps: {a: {run: x}}\n").Cooldown);
        Assert.Equal(TimeSpan.FromSeconds(45), Parse("name: p\ncooldown: 45\nsteps: {a: {run: x}}\n").Cooldown);
    }

    [Fact]
    public void Env_values_become_text_and_names_are_checked()
    {
        var spec = Parse("""
            name: p
            env: {A: 1, B: true, C: "x y", D: "", _E: 0.5}
            steps: {a: {run: x}}
            """);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "true", ["C"] = "x y", ["D"] = "", ["_E"] = "0.5" }, spec.Env);

        var e = Fails("""
            name: p
            env:
              1BAD: x
              MY-VAR: x
              EMPTY:
              LIST: [1]
            steps: {a: {run: x}}
            """);
        Assert.Equal(4, e.Errors.Count);
        HasError(e, 3, 3, "env.1BAD", "environment variable names are letters, digits and '_', not starting with a digit; got '1BAD'");
        HasError(e, 4, 3, "env.MY-VAR", "got 'MY-VAR'");
        HasError(e, 5, 9, "env.EMPTY", "expected a value (write \"\" for an empty one), got nothing");
        HasError(e, 6, 9, "env.LIST", "got a list");
    }

    [Fact]
    public void Pipeline_env_templates_may_use_params_pipeline_and_trigger_only()
    {
        var spec = Parse("""
            name: p
            params: {lr: 0.1}
            env: {LR: "${{ params.lr }}", RUN: "${{ pipeline.run_id }}-${{ trigger.kind }}"}
            steps: {a: {run: x}}
            """);
        Assert.Equal("${{ params.lr }}", spec.Env["LR"]);

        var e = Fails("""
            name: p
            params: {lr: 0.1}
            env:
              A: "${{ params.rate }}"
              B: "${{ steps.a.metrics.x }}"
              C: "${{ step.name }}"
              D: "${{ inputs.x }}"
              E: "${{ matrix.x }}"
              F: "${{ params.lr"
            steps: {a: {run: x}}
            """);
        Assert.Equal(6, e.Errors.Count);
        HasError(e, 4, 6, "env.A", "'params.rate': unknown param 'rate' (declared: lr)");
        HasError(e, 5, 6, "env.B", "'steps.a.metrics.x' is not available in the pipeline's env: it refers to a step");
        HasError(e, 6, 6, "env.C", "'step.name' is not available in the pipeline's env");
        HasError(e, 7, 6, "env.D", "'inputs.x' is not available in the pipeline's env");
        HasError(e, 8, 6, "env.E", "'matrix.x': matrix values are available in steps with a matrix only");
        HasError(e, 9, 6, "env.F", "unclosed '${{' at character 1");
    }
}
