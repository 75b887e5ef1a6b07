using System.Security.Cryptography;
using Slipway.Client.Models;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Testing;

namespace Slipway.Client.Tests.Client;

/// <summary>
/// <see cref="SlipwayClient.LoadModelAsync"/> against the real server: a linear ONNX model logged as run artifacts and
/// registered, resolved by URI, downloaded into a per-test cache, verified against its digest tag and predicted with.
/// </summary>
public sealed class LocalModelTests : IClassFixture<InProcessServerFixture>, IDisposable
{
    private static readonly float[] Weights = [2f, -1f, 0.5f];
    private static readonly float[] Ones = [1f, 1f, 1f];
    private static readonly double[] OnesAsFp64 = [1d, 1d, 1d];
    private const float Bias = 0.25f;

    /// <summary>The files <see cref="RegisterLinearAsync"/> logs: MLmodel, model.onnx and extras/notes.txt.</summary>
    private const int ModelFiles = 3;

    private readonly string _temp = Directory.CreateTempSubdirectory("slipway-local-model-").FullName;
    private readonly ArtifactDownloadCounter _counter = new();
    private readonly HttpClient _http;
    private readonly SlipwayClient _client;
    private readonly LocalModelOptions _options;

    public LocalModelTests(InProcessServerFixture server)
    {
        _http = new HttpClient(_counter);
        _client = new SlipwayClient(server.BaseUri, _http);
        _options = new LocalModelOptions { CacheDirectory = Path.Combine(_temp, "cache") };
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task Loading_by_alias_version_stage_and_latest_predicts_what_the_linear_model_computes()
    {
        var (name, version, _) = await RegisterLinearAsync();
        await _client.SetRegisteredModelAliasAsync(name, "champion", version);
        await _client.TransitionModelVersionStageAsync(name, version, ModelStage.Production);

        foreach (var uri in new[] { $"models:/{name}@champion", $"models:/{name}/{version}", $"models:/{name}/Production", $"models:/{name}/latest" })
        {
            using var model = await _client.LoadModelAsync(uri, _options);

            Assert.Equal((name, version, true), (model.Name, model.Version, model.DigestVerified));
            Assert.Equal([1.75f, 0.25f], model.PredictRows([[1f, 2f, 3f], [0f, 0f, 0f]]));
            var output = Assert.Single(model.Predict([new InferenceTensor("x", OipDatatypes.Fp32, [1, 3], Ones)]));
            Assert.Equal("y", output.Name);
            Assert.Equal([1L, 1L], output.Shape);
            Assert.Equal([1.75f], (float[])output.Data);
        }
    }

    [Fact]
    public async Task A_second_load_is_a_cache_hit_that_downloads_nothing()
    {
        var (name, version, _) = await RegisterLinearAsync();
        using var first = await _client.LoadModelAsync($"models:/{name}/{version}", _options);
        var downloads = _counter.Downloads;
        var modelFile = Path.Combine(first.Directory, "model.onnx");
        var written = File.GetLastWriteTimeUtc(modelFile);

        using var second = await _client.LoadModelAsync($"models:/{name}/{version}", _options);

        Assert.Equal((false, true), (first.FromCache, second.FromCache));
        Assert.Equal(ModelFiles, downloads);
        Assert.Equal(downloads, _counter.Downloads);
        Assert.Equal(first.Directory, second.Directory);
        Assert.Equal(written, File.GetLastWriteTimeUtc(modelFile));
        Assert.Equal([1.75f], second.PredictRows([[1f, 2f, 3f]]));
    }

    [Fact]
    public async Task Concurrent_first_loads_of_one_version_end_with_one_verified_cache_folder()
    {
        var (name, version, sha256) = await RegisterLinearAsync();

        var models = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _client.LoadModelAsync($"models:/{name}/{version}", _options)));
        try
        {
            Assert.Single(models.Select(m => m.Directory).Distinct());
            Assert.All(models, m => Assert.Equal([1.75f], m.PredictRows([[1f, 2f, 3f]])));
            Assert.Equal(sha256, Sha256Of(Path.Combine(models[0].Directory, "model.onnx")));
            Assert.Empty(Directory.EnumerateDirectories(_options.CacheDirectory!, "*.partial-*", SearchOption.AllDirectories));
        }
        finally
        {
            foreach (var model in models)
            {
                model.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_tampered_cached_model_file_is_detected_and_downloaded_again()
    {
        var (name, version, sha256) = await RegisterLinearAsync();
        string modelFile;
        using (var first = await _client.LoadModelAsync($"models:/{name}/{version}", _options))
        {
            modelFile = Path.Combine(first.Directory, "model.onnx");
        }

        var bytes = await File.ReadAllBytesAsync(modelFile);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(modelFile, bytes);
        var downloads = _counter.Downloads;

        using var reloaded = await _client.LoadModelAsync($"models:/{name}/{version}", _options);

        Assert.False(reloaded.FromCache);
        Assert.Equal(downloads + ModelFiles, _counter.Downloads);
        Assert.Equal("trained on June's data", await File.ReadAllTextAsync(Path.Combine(reloaded.Directory, "extras", "notes.txt")));
        Assert.Equal(sha256, reloaded.Sha256);
        Assert.Equal(sha256, Sha256Of(modelFile));
        Assert.Equal([1.75f], reloaded.PredictRows([[1f, 2f, 3f]]));
    }

    [Fact]
    public async Task A_wrong_digest_tag_fails_naming_the_model_version_and_both_digests_and_caches_nothing()
    {
        var wrong = new string('a', 64);
        var (name, version, actual) = await RegisterLinearAsync(digest: wrong);

        var ex = await Assert.ThrowsAsync<ModelVerificationException>(() => _client.LoadModelAsync($"models:/{name}/{version}", _options));

        Assert.Equal((name, version, "model.onnx", wrong, actual), (ex.ModelName, ex.Version, ex.File, ex.ExpectedSha256, ex.ActualSha256));
        Assert.Contains($"Model '{name}' version {version}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, ex.Message, StringComparison.Ordinal);
        Assert.Contains(actual, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_options.CacheDirectory!, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateDirectories(_options.CacheDirectory!, "*.partial-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_version_without_the_digest_tag_loads_with_the_digest_unverified()
    {
        var (name, version, sha256) = await RegisterLinearAsync(digest: null);

        using var model = await _client.LoadModelAsync($"models:/{name}/{version}", _options);

        Assert.False(model.DigestVerified);
        Assert.Equal(sha256, model.Sha256);
        Assert.Equal([0.25f], model.PredictRows([[0f, 0f, 0f]]));
    }

    [Fact]
    public async Task An_unknown_alias_fails_naming_the_model_and_the_alias()
    {
        var (name, _, _) = await RegisterLinearAsync();

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => _client.LoadModelAsync($"models:/{name}@nope", _options));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, ex.Code);
        Assert.Contains($"model '{name}' has no alias 'nope'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inputs_that_do_not_fit_are_refused_and_a_disposed_model_predicts_no_more()
    {
        var (name, version, _) = await RegisterLinearAsync();
        var model = await _client.LoadModelAsync($"models:/{name}/{version}", _options);

        var width = Assert.Throws<ArgumentException>(() => model.PredictRows([[1f, 2f]]));
        var datatype = Assert.Throws<SlipwayException>(() => model.Predict([new InferenceTensor("x", OipDatatypes.Fp64, [1, 3], OnesAsFp64)]));
        model.Dispose();

        Assert.Contains("Row 0 has 2 values, but input 'x'", width.Message, StringComparison.Ordinal);
        Assert.Equal("Input 'x' is FP64 but the model expects FP32.", datatype.Message);
        Assert.Throws<ObjectDisposedException>(() => model.PredictRows([[1f, 2f, 3f]]));
    }

    /// <summary>
    /// Logs the linear model's directory (and a note in a subdirectory) as the artifacts of a new run under <c>model/</c> and registers it as
    /// version 1 of a new model, tagged with <paramref name="digest"/> (the file's real SHA-256 unless given; none when null).
    /// </summary>
    /// <returns>The model's name, the version, and the model file's real SHA-256.</returns>
    private async Task<(string Name, long Version, string Sha256)> RegisterLinearAsync(string? digest = "")
    {
        var name = $"local-{Guid.NewGuid():N}";
        var source = ModelDirectories.Linear(Path.Combine(_temp, name), Weights, Bias);

        // A file in a subdirectory, as models often carry (vocabularies, metadata), so the download has to walk the tree.
        Directory.CreateDirectory(Path.Combine(source, "extras"));
        await File.WriteAllTextAsync(Path.Combine(source, "extras", "notes.txt"), "trained on June's data");
        var experimentId = await _client.CreateExperimentAsync(name);
        var run = await _client.CreateRunAsync(experimentId);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            await _client.UploadArtifactFileAsync(file, ArtifactLocations.ToProxiedPath(run.Info.ArtifactUri, "model/" + relative));
        }

        await _client.CreateRegisteredModelAsync(name);
        var version = await _client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);
        var sha256 = Sha256Of(Path.Combine(source, "model.onnx"));
        if (digest is not null)
        {
            await _client.SetModelVersionTagAsync(name, version.Version, ModelVersionTags.Sha256, digest.Length == 0 ? sha256 : digest);
        }

        return (name, version.Version, sha256);
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
