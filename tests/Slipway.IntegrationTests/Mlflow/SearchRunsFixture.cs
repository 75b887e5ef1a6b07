using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Mlflow;

/// <summary>
/// A server with one experiment of known runs, for the search grammar tests:
/// <code>
/// run      status    start  acc   loss  my metric  model      lr    team    dataset (context)
/// alpha    FINISHED  1000   0.9   0.3   1          cnn        0.01  vision  train/d1 (training)
/// beta     RUNNING   2000   0.7   0.5   -          rnn        0.1   nlp     eval/d2 (evaluation)
/// gamma    FAILED    3000   0.8   -     -          CNN-large  0.01  vision  -
/// delta    FINISHED  4000   -     0.9   -          mlp        -     -       -
/// epsilon  (deleted) 5000   0.95  -     -          cnn        -     vision  -
/// </code>
/// </summary>
public class SearchRunsFixture : SlipwayServerFixture
{
    private readonly Dictionary<string, string> _runIds = [];

    public string ExperimentId { get; private set; } = string.Empty;

    public IReadOnlyDictionary<string, string> RunIds => _runIds;

    public string NameOf(string runId) => _runIds.Single(pair => pair.Value == runId).Key;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var api = Api;
        ExperimentId = await api.CreateExperimentAsync(Names.Unique("search-runs"));

        await AddRunAsync(api, "alpha", 1000, "FINISHED", [Metric("acc", 0.9), Metric("loss", 0.3), Metric("my metric", 1)], [("model", "cnn"), ("lr", "0.01")], [("team", "vision")]);
        await AddRunAsync(api, "beta", 2000, "RUNNING", [Metric("acc", 0.7), Metric("loss", 0.5)], [("model", "rnn"), ("lr", "0.1")], [("team", "nlp")]);
        await AddRunAsync(api, "gamma", 3000, "FAILED", [Metric("acc", 0.8)], [("model", "CNN-large"), ("lr", "0.01")], [("team", "vision")]);
        await AddRunAsync(api, "delta", 4000, "FINISHED", [Metric("loss", 0.9)], [("model", "mlp")], []);
        await AddRunAsync(api, "epsilon", 5000, "FINISHED", [Metric("acc", 0.95)], [("model", "cnn")], [("team", "vision")]);

        await api.LogInputsAsync(_runIds["alpha"], "train", "d1", "training");
        await api.LogInputsAsync(_runIds["beta"], "eval", "d2", "evaluation");
        await api.PostOkAsync("runs/delete", new JsonObject { ["run_id"] = _runIds["epsilon"] });
    }

    private async Task AddRunAsync(MlflowApi api, string name, long startTime, string status, JsonNode[] metrics, (string Key, string Value)[] parameters, (string Key, string Value)[] tags)
    {
        var runId = await api.CreateRunIdAsync(ExperimentId, name, startTime);
        _runIds[name] = runId;
        await api.LogBatchAsync(runId, new JsonArray(metrics), KeyValues(parameters), tags.Length == 0 ? null : KeyValues(tags));
        if (status != "RUNNING")
        {
            await api.SetRunStatusAsync(runId, status);
        }
    }
}
