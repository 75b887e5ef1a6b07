using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Artifacts;

/// <summary>The proxied artifact API (<c>/api/2.0/mlflow-artifacts/artifacts</c>) and the run-scoped listing.</summary>
public sealed class ArtifactsTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    public const string Prefix = "/api/2.0/mlflow-artifacts/artifacts";

    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task Upload_then_download_returns_the_same_bytes()
    {
        var path = $"{Names.Unique("dir")}/data.bin";
        var bytes = RandomBytes(3 * 1024 * 1024 + 17);

        await UploadAsync(path, bytes);

        using var response = await _http.GetAsync($"{Prefix}/{path}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task File_names_with_a_literal_percent_sign_round_trip()
    {
        var directory = Names.Unique("percent");

        await UploadAsync($"{directory}/loss%20(50%25).csv", "a,b"u8.ToArray());

        Assert.Equal("a,b", await File.ReadAllTextAsync(Path.Combine(server.ArtifactsDirectory, directory, "loss (50%).csv")));
        Assert.Equal("a,b", await _http.GetStringAsync($"{Prefix}/{directory}/loss%20(50%25).csv"));
    }

    [Fact]
    public async Task Upload_replaces_an_existing_artifact()
    {
        var path = $"{Names.Unique("dir")}/notes.txt";
        await UploadAsync(path, "first"u8.ToArray());

        await UploadAsync(path, "second"u8.ToArray());

        Assert.Equal("second", await _http.GetStringAsync($"{Prefix}/{path}"));
    }

    [Fact]
    public async Task Upload_is_stored_under_the_artifacts_directory()
    {
        var directory = Names.Unique("dir");

        await UploadAsync($"{directory}/a/b.txt", "hello"u8.ToArray());

        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(server.ArtifactsDirectory, directory, "a", "b.txt")));
    }

    [Fact]
    public async Task List_shows_direct_children_at_the_root_and_in_a_subdirectory()
    {
        var directory = Names.Unique("list");
        await UploadAsync($"{directory}/top.txt", "12345"u8.ToArray());
        await UploadAsync($"{directory}/sub/inner.txt", "1"u8.ToArray());

        var root = await ListAsync(string.Empty);
        var rootEntry = Assert.Single(root, f => f.Str("path") == directory);
        Assert.True(rootEntry["is_dir"]!.GetValue<bool>());

        var children = await ListAsync(directory);
        Assert.Equal(["sub", "top.txt"], children.Select(f => f.Str("path")).Order());
        var top = children.Single(f => f.Str("path") == "top.txt");
        Assert.False(top["is_dir"]?.GetValue<bool>() ?? false);
        Assert.Equal(5, top.Int64Value("file_size"));
        Assert.True(children.Single(f => f.Str("path") == "sub")["is_dir"]!.GetValue<bool>());

        var nested = await ListAsync($"{directory}/sub");
        Assert.Equal("inner.txt", Assert.Single(nested).Str("path"));
    }

    [Fact]
    public async Task List_of_a_missing_directory_is_empty()
    {
        Assert.Empty(await ListAsync(Names.Unique("nothing-here")));
    }

    [Fact]
    public async Task Delete_removes_the_artifact()
    {
        var path = $"{Names.Unique("dir")}/gone.txt";
        await UploadAsync(path, "bye"u8.ToArray());

        using var delete = await _http.DeleteAsync($"{Prefix}/{path}");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);

        using var download = await _http.GetAsync($"{Prefix}/{path}");
        await AssertError(download, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Download_of_a_missing_artifact_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _http.GetAsync($"{Prefix}/{Names.Unique("missing")}/file.txt");

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Delete_of_a_missing_artifact_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _http.DeleteAsync($"{Prefix}/{Names.Unique("missing")}/file.txt");

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Run_artifact_listing_shows_files_uploaded_under_the_runs_artifact_path()
    {
        var api = server.Api;
        var experimentId = await api.CreateExperimentAsync();
        var run = await api.CreateRunAsync(experimentId);
        var runId = run.Str("info.run_id");
        var artifactUri = run.Str("info.artifact_uri");
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{runId}/artifacts", artifactUri);
        var storePath = artifactUri["mlflow-artifacts:/".Length..];

        await UploadAsync($"{storePath}/metrics.json", "{}"u8.ToArray());
        await UploadAsync($"{storePath}/model/MLmodel", "flavors: {}"u8.ToArray());
        await UploadAsync($"{storePath}/model/model.pkl", RandomBytes(100));

        var root = await api.GetOkAsync("artifacts/list", ("run_id", runId));
        Assert.Equal(artifactUri, root.Str("root_uri"));
        var files = root.Items("files");
        Assert.Equal(["metrics.json", "model"], files.Select(f => f.Str("path")).Order());
        Assert.True(files.Single(f => f.Str("path") == "model")["is_dir"]!.GetValue<bool>());
        Assert.Equal(2, files.Single(f => f.Str("path") == "metrics.json").Int64Value("file_size"));

        var model = await api.GetOkAsync("artifacts/list", ("run_id", runId), ("path", "model"));
        Assert.Equal(["model/MLmodel", "model/model.pkl"], model.Items("files").Select(f => f.Str("path")).Order());
    }

    [Fact]
    public async Task Run_artifact_listing_of_unknown_run_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await server.Api.GetAsync("artifacts/list", ("run_id", Guid.NewGuid().ToString("N")));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Run_artifact_listing_of_a_run_stored_elsewhere_returns_INVALID_PARAMETER_VALUE()
    {
        var api = server.Api;
        var experimentId = (await api.PostOkAsync("experiments/create", new JsonObject
        {
            ["name"] = Names.Unique("elsewhere"),
            ["artifact_location"] = "s3://bucket/elsewhere",
        })).Str("experiment_id");
        var runId = await api.CreateRunIdAsync(experimentId);

        using var response = await api.GetAsync("artifacts/list", ("run_id", runId));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Ajax_api_prefix_serves_proxied_artifacts()
    {
        var path = $"{Names.Unique("ajax")}/file.txt";
        using (var content = new ByteArrayContent("via ajax"u8.ToArray()))
        {
            using var upload = await _http.PutAsync($"/ajax-api/2.0/mlflow-artifacts/artifacts/{path}", content);
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        Assert.Equal("via ajax", await _http.GetStringAsync($"/ajax-api/2.0/mlflow-artifacts/artifacts/{path}"));
        Assert.Equal("via ajax", await _http.GetStringAsync($"{Prefix}/{path}"));
    }

    private async Task UploadAsync(string path, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http.PutAsync($"{Prefix}/{path}", content);
        await ReadOkAsync(response);
    }

    private async Task<IReadOnlyList<JsonObject>> ListAsync(string path)
    {
        var query = path.Length == 0 ? string.Empty : "?path=" + Uri.EscapeDataString(path);
        using var response = await _http.GetAsync(Prefix + query);
        return (await ReadOkAsync(response)).Items("files");
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
