using Slipway.Core.Errors;
using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class ParserYamlTests
{
    [Fact]
    public void Errors_format_as_file_line_column_field_message()
    {
        var e = Fails("""
            name: p
            steps:
              train:
                run: python train.py
                resources: {gpu: one}
            """);

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.IsAssignableFrom<SlipwayException>(e);
        Assert.Equal("slipway.yaml", e.FileName);
        Assert.Equal("slipway.yaml:5:22: steps.train.resources.gpu: expected a whole number, got 'one'", e.Message);
        Assert.Equal(new SpecError(new SourceLocation(5, 22), "steps.train.resources.gpu", "expected a whole number, got 'one'"), Assert.Single(e.Errors));
    }

    [Fact]
    public void The_file_name_is_the_one_given()
    {
        var e = Assert.Throws<PipelineSpecException>(() => PipelineSpecParser.Parse("name: p\n", "pipelines/nightly.yaml"));
        Assert.StartsWith("pipelines/nightly.yaml:1:1: steps: missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_map_to_their_position()
    {
        var error = SingleError("name: p\nsteps:\n  a: {run: 'x}\n");
        Assert.Equal(string.Empty, error.Field);
        Assert.Equal(3, error.Location.Line);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);

        var e = Fails("name: p\nsteps:\n  a:\n    run: x\n   needs: y\n");
        Assert.StartsWith("slipway.yaml:5:", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid YAML: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_flow_list_is_an_error_near_it()
    {
        var error = SingleError("name: p\nsteps:\n  a: {run: x, needs: [b\n  b: {run: y}\n");
        Assert.InRange(error.Location.Line, 3, 5);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_all_reported_with_the_first_position()
    {
        var e = Fails("""
            name: p
            steps:
              train:
                run: a
                run: b
              eval: {run: x}
              eval: {run: y}
            """);

        Assert.Equal(2, e.Errors.Count);
        HasError(e, 5, 5, "", "duplicate key 'run' (first given at 4:5)");
        HasError(e, 7, 3, "", "duplicate key 'eval' (first given at 6:3)");
    }

    [Fact]
    public void The_same_key_in_different_mappings_is_fine()
    {
        var spec = Parse("name: p\nsteps:\n  a: {run: x, env: {run: '1'}}\n  b: {run: y}\n");
        Assert.Equal("1", spec.Steps[0].Env["run"]);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("# just a comment\n", "the file is empty")]
    [InlineData("- a\n- b\n", "expected a mapping with 'name' and 'steps', got a list")]
    [InlineData("hello\n", "expected a mapping with 'name' and 'steps', got 'hello'")]
    [InlineData("name: a\nsteps: {x: {run: y}}\n---\nname: b\n", "a pipeline file holds one YAML document")]
    public void The_file_must_be_one_mapping(string yaml, string message)
    {
        var error = SingleError(yaml);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_suggest_the_closest_known_key_at_every_level()
    {
        var e = Fails("""
            name: p
            descripton: typo
            params:
              lr: {type: float, defualt: 0.1}
            triggers:
              - schedul: "0 3 * * *"
            steps:
              train:
                run: python train.py
                retires: 2
                resources: {gpus: 1, memroy: 1Gi}
                retries: {count: 1, backof: 5s}
                matrix: {strategy: grid, valeus: {a: [1]}}
              reg:
                uses: register-model
                with: {model: m, form: "runs:/abc/model"}
            """);

        HasError(e, 2, 1, "descripton", "unknown key 'descripton'; did you mean 'description'?");
        HasError(e, 4, 21, "params.lr.defualt", "unknown key 'defualt'; did you mean 'default'?");
        HasError(e, 6, 5, "triggers[0].schedul", "unknown key 'schedul'; did you mean 'schedule'?");
        HasError(e, 10, 5, "steps.train.retires", "unknown key 'retires'; did you mean 'retries'?");
        HasError(e, 11, 17, "steps.train.resources.gpus", "unknown key 'gpus'; did you mean 'gpu'?");
        HasError(e, 11, 26, "steps.train.resources.memroy", "unknown key 'memroy'; did you mean 'memory'?");
        HasError(e, 12, 25, "steps.train.retries.backof", "unknown key 'backof'; did you mean 'backoff'?");
        HasError(e, 13, 30, "steps.train.matrix.valeus", "unknown key 'valeus'; did you mean 'values'?");
        HasError(e, 16, 22, "steps.reg.with.form", "unknown key 'form'; did you mean 'from'?");
    }

    [Fact]
    public void An_unknown_key_far_from_every_known_one_lists_them()
    {
        var error = SingleError("name: p\nsteps:\n  a: {run: x, banana: 1}\n");
        Assert.Equal("steps.a.banana", error.Field);
        Assert.Equal("unknown key 'banana' (expected run, uses, with, env, inputs, outputs, needs, resources, retries, timeout, cache, code, when, matrix)", error.Message);
    }

    [Fact]
    public void Every_error_is_reported_in_file_order_capped_at_twenty()
    {
        var steps = string.Concat(Enumerable.Range(1, 30).Select(i => $"  s{i}: {{run: x, timeout: never}}\n"));
        var e = Fails("name: p\nsteps:\n" + steps);

        Assert.Equal(PipelineSpecException.MaxErrors, e.Errors.Count);
        Assert.Equal(10, e.Omitted);
        Assert.Equal(Enumerable.Range(3, 20), e.Errors.Select(x => x.Location.Line));
        var lines = e.Message.Split('\n');
        Assert.Equal(21, lines.Length);
        Assert.Equal("slipway.yaml: 10 more errors not shown", lines[^1]);
    }

    [Fact]
    public void The_errors_shown_are_the_first_in_the_file_whatever_order_they_are_found_in()
    {
        var steps = string.Concat(Enumerable.Range(1, 25).Select(i => $"  s{i}: {{run: x, timeout: never}}\n"));
        var e = Fails("name: p\nsteps:\n" + steps + "triggers:\n  - webhook: maybe\n");

        Assert.Equal(Enumerable.Range(3, 20), e.Errors.Select(x => x.Location.Line));
        Assert.Equal(6, e.Omitted);
    }

    [Fact]
    public void Several_different_errors_are_reported_together()
    {
        var e = Fails("""
            name: "bad name"
            concurrency: sometimes
            cooldown: soon
            steps:
              a: {run: x, cache: maybe}
            """);

        Assert.Equal(4, e.Errors.Count);
        HasError(e, 1, 7, "name", "expected 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit, got 'bad name'");
        HasError(e, 2, 14, "concurrency", "expected one of allow, skip-if-running, queue, got 'sometimes'");
        HasError(e, 3, 11, "cooldown", "expected a duration such as 30s, 10m, 1h30m, 2d, 500ms or a number of seconds, got 'soon'");
        HasError(e, 5, 22, "steps.a.cache", "expected true or false, got 'maybe'");
    }
}
