// Slipway quickstart: fit y = 3x + 2 by gradient descent, track it with the .NET SDK, register the model.
// Server: SLIPWAY_TRACKING_URI, else MLFLOW_TRACKING_URI, else http://127.0.0.1:5000. See README.md.
using System.Globalization;
using System.Text.Json;
using Slipway.Client;
using Slipway.Core.Errors;
using Slipway.Examples.Quickstart;

const string ExperimentName = "quickstart-dotnet";
const string ModelName = "quickstart-linear";
const double LearningRate = 0.1;
const int Epochs = 60;

var data = LinearData.Generate(count: 200, weight: 3, bias: 2, noise: 0.1, seed: 42);
using var client = SlipwayClient.FromEnvironment();
var workDirectory = Directory.CreateTempSubdirectory("slipway-quickstart-");
try
{
    string runId;
    LinearModel model;
    await using (var run = await client.StartRunAsync(experimentName: ExperimentName, runName: $"gd-lr{LearningRate.ToString(CultureInfo.InvariantCulture)}"))
    {
        runId = run.RunId;
        Console.WriteLine($"Run {runId} in experiment '{ExperimentName}' (id {run.ExperimentId}) on {client.BaseUri}");
        run.LogParam("learning_rate", LearningRate);
        run.LogParam("epochs", Epochs);
        run.LogParam("samples", data.Count);
        run.SetTag("model.family", "linear");
        try
        {
            model = LinearModel.Zero;
            for (var epoch = 0; epoch < Epochs; epoch++)
            {
                model = model.Step(data, LearningRate);
                run.LogMetrics(
                    new Dictionary<string, double> { ["mse"] = model.MeanSquaredError(data), ["weight"] = model.Weight, ["bias"] = model.Bias },
                    step: epoch);
            }

            var weightsFile = Path.Combine(workDirectory.FullName, "weights.json");
            await File.WriteAllTextAsync(weightsFile, JsonSerializer.Serialize(model, LinearModel.JsonOptions));
            await run.LogArtifactAsync(weightsFile, "model");
        }
        catch
        {
            run.MarkFailed();
            throw;
        }
    }

    Console.WriteLine($"Learned y = {model.Weight:F3}x + {model.Bias:F3} (true: y = 3x + 2); mse {model.MeanSquaredError(data):F5}");

    try
    {
        await client.CreateRegisteredModelAsync(ModelName, "y = w*x + b fitted by the .NET quickstart");
    }
    catch (SlipwayApiException ex) when (ex.Code == ErrorCode.ResourceAlreadyExists)
    {
        // Registered by an earlier run of the quickstart: add a version to it.
    }

    var version = await client.CreateModelVersionAsync(ModelName, $"runs:/{runId}/model", runId);
    await client.SetRegisteredModelAliasAsync(ModelName, "champion", version.Version);
    Console.WriteLine($"Registered {ModelName} version {version.Version} from runs:/{runId}/model; alias 'champion' points at it.");
}
catch (SlipwayConnectionException ex)
{
    Console.Error.WriteLine($"{ex.Message}. Start the server first: dotnet run --project src/Slipway.Cli -c Release -- server");
    return 1;
}
finally
{
    workDirectory.Delete(recursive: true);
}

return 0;
