using Slipway.Core.Errors;
using Slipway.Testing;

namespace Slipway.Client.Tests.Infrastructure;

/// <summary>
/// Registers model versions the way a training run would with the SDK: a model directory logged as the run's
/// <c>model/</c> artifacts, then a version whose source is <c>runs:/{run}/model</c>. Directories are written under
/// <paramref name="temp"/>, which the caller deletes.
/// </summary>
public sealed class ModelRegistrar(SlipwayClient client, string temp)
{
    /// <summary>The weights of every linear version: y = 2·x0 − x1 + 0.5·x2 + bias, so row [1, 2, 3] gives 1.5 + bias.</summary>
    public static readonly float[] Weights = [2f, -1f, 0.5f];

    /// <summary>Registers the linear model with <paramref name="bias"/> as a new version of <paramref name="model"/>.</summary>
    public Task<long> RegisterLinearAsync(string model, float bias) =>
        RegisterAsync(model, dir => ModelDirectories.Linear(dir, Weights, bias));

    /// <summary>A version whose model file ONNX Runtime cannot load: it registers fine and fails when served.</summary>
    public Task<long> RegisterBrokenAsync(string model) =>
        RegisterAsync(model, dir =>
        {
            ModelDirectories.Linear(dir, Weights, 0f);
            File.WriteAllText(Path.Combine(dir, "model.onnx"), "not an ONNX model");
        });

    public async Task<long> RegisterAsync(string model, Action<string> write)
    {
        var source = Path.Combine(temp, Guid.NewGuid().ToString("N"));
        write(source);
        var experimentId = await client.CreateExperimentAsync($"{model}-{Guid.NewGuid():N}");
        var run = await client.CreateRunAsync(experimentId);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            await client.UploadArtifactFileAsync(file, ArtifactLocations.ToProxiedPath(run.Info.ArtifactUri, "model/" + relative));
        }

        try
        {
            await client.CreateRegisteredModelAsync(model);
        }
        catch (SlipwayApiException ex) when (ex.Code == ErrorCode.ResourceAlreadyExists)
        {
            // Another version of the same model.
        }

        var version = await client.CreateModelVersionAsync(model, $"runs:/{run.Info.RunId}/model", run.Info.RunId);
        return version.Version;
    }
}
