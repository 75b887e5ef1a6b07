using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;
using WireFile = Slipway.IntegrationTests.Data.DatasetWire.File;

namespace Slipway.IntegrationTests.Data;

public sealed class SqliteDatasetLineageTests(SlipwayServerFixture server) : DatasetLineageTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresDatasetLineageTests(PostgresServerFixture server) : DatasetLineageTests<PostgresServerFixture>(server);

/// <summary>Runs linked to dataset versions through MLflow's log-inputs, and the questions lineage answers.</summary>
public abstract class DatasetLineageTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private readonly MlflowApi _api = server.Api;
    private readonly HttpClient _http = server.Http;
    private readonly DatasetWire _wire = new(server.Http);

    [Fact]
    public async Task A_run_that_logs_a_dataset_version_as_input_is_linked_to_it_pinned_and_so_are_models_registered_from_it()
    {
        var dataset = Names.Unique("churn");
        await _wire.PushAsync(dataset, [WireFile.Text("train.csv", "a\n1\n")]);
        await _wire.PushAsync(dataset, [WireFile.Text("train.csv", "a\n2\n")]);
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());

        // The way MLflow clients describe a dataset source: JSON with a uri. "latest" is version 2 now.
        await LogInputAsync(runId, "training-data", $"{{\"uri\": \"data:{dataset}@latest\"}}");
        var model = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(model, runId);
        await _wire.PushAsync(dataset, [WireFile.Text("train.csv", "a\n3\n")]);

        var used = await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions/2/lineage");
        Assert.Equal(runId, Assert.Single(used.Items("runs")).Str("run_id"));
        var version = Assert.Single(used.Items("model_versions"));
        Assert.Equal((model, "1"), (version.Str("name"), version.Str("version")));
        Assert.Empty((await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions/3/lineage")).Items("runs"));
        Assert.Empty((await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions/1/lineage")).Items("runs"));

        var fromModel = await _wire.GetOkAsync($"/api/v1/models/{model}/versions/1/lineage");
        var pinned = Assert.Single(fromModel.Items("dataset_versions"));
        Assert.Equal((dataset, 2L), (pinned.Str("name"), pinned.Int64Value("version")));
        var fromRun = await _wire.GetOkAsync($"/api/v1/runs/{runId}/lineage");
        Assert.Equal(dataset, Assert.Single(fromRun.Items("dataset_versions")).Str("name"));
    }

    [Fact]
    public async Task A_plain_data_reference_as_source_links_too_and_inputs_from_elsewhere_link_nothing()
    {
        var dataset = Names.Unique("plain");
        await _wire.PushAsync(dataset, [WireFile.Text("x.csv", "a\n1\n")]);
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());

        await LogInputAsync(runId, "x", $"data:{dataset}@1/x.csv");
        await LogInputAsync(runId, "elsewhere", "{\"uri\": \"s3://bucket/x.csv\"}");

        var lineage = await _wire.GetOkAsync($"/api/v1/runs/{runId}/lineage");
        Assert.Equal(2, lineage.Items("datasets").Count);
        Assert.Equal(1, Assert.Single(lineage.Items("dataset_versions")).Int64Value("version"));
    }

    [Fact]
    public async Task An_input_naming_a_missing_dataset_version_is_refused_and_logs_nothing()
    {
        var dataset = Names.Unique("missing");
        await _wire.PushAsync(dataset, [WireFile.Text("x.csv", "a\n1\n")]);
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());

        var message = await AssertError(await LogInputResponseAsync(runId, "x", $"{{\"uri\": \"data:{dataset}@9\"}}"), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains($"data:{dataset}@9", message, StringComparison.Ordinal);
        Assert.Null((await _api.GetRunAsync(runId)).At("run.inputs.dataset_inputs"));
        await AssertError(await _http.GetAsync($"/api/v1/datasets/{dataset}/versions/9/lineage"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    private async Task LogInputAsync(string runId, string name, string source) =>
        await ReadOkAsync(await LogInputResponseAsync(runId, name, source));

    private Task<HttpResponseMessage> LogInputResponseAsync(string runId, string name, string source) =>
        _api.PostAsync("runs/log-inputs", new JsonObject
        {
            ["run_id"] = runId,
            ["datasets"] = new JsonArray(new JsonObject
            {
                ["dataset"] = new JsonObject { ["name"] = name, ["digest"] = "d1", ["source_type"] = "slipway", ["source"] = source },
            }),
        });
}
