using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>Pipeline files and launches the server refuses, and what it says about the ones it accepts, over HTTP.</summary>
public sealed class PipelineSpecApiTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private readonly PipelineApi _api = new(server.Http);

    [Fact]
    public async Task Validate_returns_the_steps_with_the_dependencies_implied_by_inputs_conditions_and_templates()
    {
        var name = Names.Unique("valid");
        var summary = await PipelineApi.ReadAsync(await ValidateAsync($$$"""
            name: {{{name}}}
            params:
              lr: {type: float, default: 0.1, description: Learning rate}
            concurrency: queue
            steps:
              prepare:
                run: mkdir -p out && echo 1 > out/x
                outputs: {data: out/}
              train:
                run: echo train ${{ params.lr }}
                inputs: {data: steps.prepare.outputs.data}
              evaluate:
                run: echo "accuracy was ${{ steps.train.metrics.accuracy }}"
              register:
                run: echo register
                when: steps.evaluate.status == 'succeeded'
              report:
                run: echo report
                needs: prepare
            """), HttpStatusCode.OK);

        Assert.Equal(name, summary.Str("name"));
        Assert.Equal(name, summary.Str("experiment"));
        Assert.Equal("queue", summary.Str("concurrency"));
        var lr = Assert.Single(summary.Items("params"));
        Assert.Equal(("lr", "float", "0.1"), (lr.Str("name"), lr.Str("type"), lr.Str("default")));
        Assert.Equal(["prepare", "train", "evaluate", "register", "report"], summary.Items("steps").Select(s => s.Str("name")));
        Assert.Equal("echo train ${{ params.lr }}", StepOf(summary, "train").Str("action"));
        Assert.Empty(DependsOn(summary, "prepare"));
        Assert.Equal(["prepare"], DependsOn(summary, "train"));
        Assert.Equal(["train"], DependsOn(summary, "evaluate"));
        Assert.Equal(["evaluate"], DependsOn(summary, "register"));
        Assert.Equal(["prepare"], DependsOn(summary, "report"));
        Assert.Empty(await _api.RunsOfAsync(name));
        await MlflowApi.AssertError(await server.Http.GetAsync($"/api/v1/pipelines/{name}"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task A_cycle_is_refused_naming_the_steps_in_it()
    {
        var message = await MlflowApi.AssertError(await ValidateAsync($"""
            name: {Names.Unique("cycle")}
            steps:
              first:
                run: echo first
              a:
                run: echo a
                needs: [b]
              b:
                run: echo b
                needs: [a]
            """), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("slipway.yaml:5:3: steps.a: cycle: a -> b -> a", message, StringComparison.Ordinal);
        Assert.DoesNotContain("first", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_is_refused_with_its_line_column_and_a_suggestion()
    {
        var message = await MlflowApi.AssertError(await ValidateAsync($"""
            name: {Names.Unique("typo")}
            steps:
              a:
                run: echo a
              b:
                run: echo b
                neds: [a]
            """), 400, "INVALID_PARAMETER_VALUE");

        Assert.StartsWith("slipway.yaml:7:5: ", message, StringComparison.Ordinal);
        Assert.Contains("unknown key 'neds'; did you mean 'needs'?", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_yaml_is_refused_with_its_line_and_column()
    {
        var message = await MlflowApi.AssertError(await ValidateAsync($$"""
            name: {{Names.Unique("yaml")}}
            steps:
              a:
                run: echo a
              b: {run: echo b
              c:
                run: echo c
            """), 400, "INVALID_PARAMETER_VALUE");

        Assert.Matches(@"^slipway\.yaml:5:\d+: invalid YAML", message);
        Assert.Contains("unclosed", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_launch_with_an_unknown_param_a_wrong_type_and_a_missing_required_one_names_each_and_records_nothing()
    {
        var name = Names.Unique("params");
        var response = await _api.LaunchAsync(
            $$"""
            name: {{name}}
            params:
              lr: {type: float, default: 0.1}
              dataset: {type: string}
            steps:
              train:
                run: echo train
            """,
            new Dictionary<string, string> { ["lr"] = "fast", ["bogus"] = "1" });

        var message = await MlflowApi.AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("unknown param 'bogus' (declared: lr, dataset)", message, StringComparison.Ordinal);
        Assert.Contains("param 'lr' expects a float; got 'fast'", message, StringComparison.Ordinal);
        Assert.Contains("param 'dataset' is required", message, StringComparison.Ordinal);
        Assert.Empty(await _api.RunsOfAsync(name));
        await MlflowApi.AssertError(await server.Http.GetAsync($"/api/v1/pipelines/{name}"), 404, "RESOURCE_DOES_NOT_EXIST");
        await MlflowApi.AssertError(
            await server.Http.GetAsync($"/api/2.0/mlflow/experiments/get-by-name?experiment_name={name}"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task An_unknown_pipeline_is_not_found_to_get_or_delete()
    {
        var name = Names.Unique("nowhere");

        var get = await MlflowApi.AssertError(await server.Http.GetAsync($"/api/v1/pipelines/{name}"), 404, "RESOURCE_DOES_NOT_EXIST");
        var delete = await MlflowApi.AssertError(await server.Http.DeleteAsync($"/api/v1/pipelines/{name}"), 404, "RESOURCE_DOES_NOT_EXIST");

        Assert.Contains(name, get, StringComparison.Ordinal);
        Assert.Contains(name, delete, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_pipeline_can_be_read_and_deleted_and_then_is_gone()
    {
        var name = Names.Unique("kept");
        var spec = $"""
            name: {name}
            steps:
              quick:
                run: "true"
            """;
        await _api.ApplyAsync(spec);

        var pipeline = await PipelineApi.ReadAsync(await server.Http.GetAsync($"/api/v1/pipelines/{name}"), HttpStatusCode.OK);
        Assert.Equal(spec, pipeline.Str("spec"));
        Assert.Equal("quick", Assert.Single(pipeline.Items("summary.steps")).Str("name"));
        await PipelineApi.ReadAsync(await server.Http.DeleteAsync($"/api/v1/pipelines/{name}"), HttpStatusCode.OK);

        await MlflowApi.AssertError(await server.Http.GetAsync($"/api/v1/pipelines/{name}"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_pipeline_endpoints()
    {
        var document = await PipelineApi.ReadAsync(await server.Http.GetAsync("/api/v1/openapi.json"), HttpStatusCode.OK);
        var paths = document.Required("paths").AsObject();

        foreach (var (path, method) in new[]
        {
            ("/api/v1/pipelines/validate", "post"),
            ("/api/v1/pipelines", "post"),
            ("/api/v1/pipelines", "get"),
            ("/api/v1/pipelines/{name}", "get"),
            ("/api/v1/pipelines/{name}", "delete"),
            ("/api/v1/pipelines/{name}/runs", "post"),
            ("/api/v1/pipeline-runs", "post"),
            ("/api/v1/pipeline-runs", "get"),
            ("/api/v1/pipeline-runs/{id}", "get"),
            ("/api/v1/pipeline-runs/{id}/cancel", "post"),
            ("/api/v1/pipeline-runs/{id}/retry", "post"),
            ("/api/v1/pipeline-runs/{id}/steps/{step}/logs", "get"),
            ("/api/v1/pipelines/{name}/webhooks", "post"),
            ("/api/v1/hooks/{id}", "post"),
            ("/api/v1/events/alerts", "post"),
        })
        {
            Assert.True(paths[path]?[method] is JsonObject, $"The OpenAPI document has no {method.ToUpperInvariant()} {path}");
            Assert.Contains("Pipelines", paths[path]![method]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        }
    }

    private Task<HttpResponseMessage> ValidateAsync(string spec) =>
        server.Http.PostAsJsonAsync("/api/v1/pipelines/validate", new JsonObject { ["spec"] = spec, ["file_name"] = "slipway.yaml" });

    private static JsonObject StepOf(JsonObject summary, string name) => summary.Items("steps").Single(s => s.Str("name") == name);

    private static IEnumerable<string> DependsOn(JsonObject summary, string step) =>
        StepOf(summary, step)["depends_on"] is JsonArray array ? array.Select(d => d!.GetValue<string>()) : [];
}
