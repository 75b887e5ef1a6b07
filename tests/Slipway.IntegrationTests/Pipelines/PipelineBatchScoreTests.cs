using System.Globalization;
using DuckDB.NET.Data;
using Slipway.Client;
using Slipway.IntegrationTests.Data;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Testing;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>
/// The <c>batch-score</c> built-in on a real server: a model produced by a step and registered behind an alias scores
/// a pushed CSV dataset, and the predictions land in a new version of another dataset.
/// </summary>
public sealed class PipelineBatchScoreTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private readonly PipelineApi _api = new(server.Http);
    private readonly MlflowApi _mlflow = server.Api;

    [Fact]
    public async Task A_batch_score_step_commits_the_rows_with_their_predictions_as_a_new_output_version()
    {
        var dataset = Names.Unique("customers");
        var csv = "id,f1,f0\n" + string.Concat(Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{i * 0.5},{i % 3}\n")));
        await new DatasetWire(server.Http).PushAsync(dataset, [DatasetWire.File.Text("part/customers.csv", csv, "text/csv")]);
        var model = Names.Unique("scorer");
        var output = Names.Unique("scores");
        var modelDirectory = ModelDirectories.Linear(server.Root.Combine("model-" + Guid.NewGuid().ToString("N")), [1f, 2f], 0.5f, ["f0", "f1"]);
        var spec = PipelineApi.Spec(Names.Unique("scoring"), $$$"""
            steps:
              train:
                run: mkdir -p out && cp -r {{{modelDirectory}}} out/model
                outputs: {model: out/model/}
              register:
                uses: register-model
                with: {model: {{{model}}}, from: steps.train.outputs.model, alias: champion}
              score:
                uses: batch-score
                needs: [register]
                with: {model: "models:/{{{model}}}@champion", input: "data:{{{dataset}}}@1", output: {{{output}}}}
            """);

        var run = await _api.RunAsync(spec);

        Assert.Equal("succeeded", run.Str("status"));
        var score = PipelineApi.Step(run, "score");
        Assert.Equal(
            $"scored 40 rows of data:{dataset}@1 with {model} version 1 into data:{output}@1",
            score.Str("message")[..score.Str("message").IndexOf(" (", StringComparison.Ordinal)]);
        var metrics = (await _mlflow.GetRunAsync(score.Str("run_id"))).Items("data.metrics").ToDictionary(m => m.Str("key"), m => m.Num("value"), StringComparer.Ordinal);
        Assert.Equal(40, metrics["rows"]);
        Assert.True(metrics["rows_per_second"] > 0);

        using var client = new SlipwayClient(server.BaseUri);
        var target = server.Root.Combine("pulled-" + Guid.NewGuid().ToString("N"));
        await client.PullAsync($"data:{output}@1", target);
        var parquet = Path.Combine(target, "part", "customers.parquet");
        Assert.True(File.Exists(parquet));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, f0, f1, y FROM read_parquet('{parquet}') ORDER BY id";
        using var reader = command.ExecuteReader();
        var count = 0;
        while (reader.Read())
        {
            var f0 = Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture);
            var f1 = Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture);
            Assert.Equal((float)(f0 + (2 * f1) + 0.5), Convert.ToSingle(reader.GetValue(3), CultureInfo.InvariantCulture), 4);
            count++;
        }

        Assert.Equal(40, count);
        var lineage = await client.GetDatasetLineageAsync(dataset, "1");
        Assert.Contains(lineage.Runs, r => r.RunId == score.Str("run_id"));
    }
}
