using System.Net;
using Slipway.Client;
using Slipway.Core.Errors;
using Slipway.Core.Tracking;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Sdk;

public sealed class SqliteClientArtifactsTests(SlipwayServerFixture server) : ClientArtifactsTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresClientArtifactsTests(PostgresServerFixture server) : ClientArtifactsTests<PostgresServerFixture>(server);

/// <summary>Run artifacts through the server's artifact proxy: upload, list, download and delete with <c>SlipwayClient</c>.</summary>
public abstract class ClientArtifactsTests<TServer>(TServer server) : SdkTests<TServer>(server), IDisposable
    where TServer : SlipwayServerFixture
{
    private readonly TempDirectory _local = new("slipway-sdk-artifacts");

    public void Dispose()
    {
        _local.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task LogArtifact_uploads_a_file_that_run_listing_and_download_return()
    {
        var bytes = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31)).ToArray();
        var localFile = _local.Combine("weights.bin");
        await File.WriteAllBytesAsync(localFile, bytes);
        Run stored;
        await using (var run = await Client.StartRunAsync(experimentName: Names.Unique("sdk-artifacts")))
        {
            await run.LogArtifactAsync(localFile, "model");
            stored = await Client.GetRunAsync(run.RunId);
        }

        var root = await Client.ListRunArtifactsAsync(stored.Info.RunId);
        var model = await Client.ListRunArtifactsAsync(stored.Info.RunId, "model");
        var downloaded = _local.Combine("download", "weights.bin");
        await Client.DownloadArtifactFileAsync(ArtifactLocations.ToProxiedPath(stored.Info.ArtifactUri, "model/weights.bin"), downloaded);

        Assert.Equal(stored.Info.ArtifactUri, root.RootUri);
        var directory = Assert.Single(root.Files);
        Assert.Equal(("model", true), (directory.Path, directory.IsDirectory));
        var file = Assert.Single(model.Files);
        Assert.Equal(("model/weights.bin", false, (long?)bytes.Length), (file.Path, file.IsDirectory, file.FileSize));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(downloaded));
    }

    [Fact]
    public async Task UploadArtifact_from_a_stream_replaces_and_ListArtifacts_shows_paths_from_the_root()
    {
        var run = await NewRunAsync();
        var directory = ArtifactLocations.ToProxiedPath(run.Info.ArtifactUri, "reports");

        await UploadTextAsync($"{directory}/summary.txt", "first");
        await UploadTextAsync($"{directory}/summary.txt", "second");
        await UploadTextAsync($"{directory}/plots/loss.csv", "step,loss\n0,1.0\n");

        var entries = await Client.ListArtifactsAsync(directory);
        Assert.Equal(
            [($"{directory}/plots", true), ($"{directory}/summary.txt", false)],
            entries.Select(e => (e.Path, e.IsDirectory)).OrderBy(e => e.Path, StringComparer.Ordinal));
        using var content = new MemoryStream();
        await Client.DownloadArtifactAsync($"{directory}/summary.txt", content);
        Assert.Equal("second", System.Text.Encoding.UTF8.GetString(content.ToArray()));
    }

    [Fact]
    public async Task File_names_with_spaces_hashes_plus_signs_and_accents_upload_list_and_download()
    {
        var run = await NewRunAsync();
        const string Relative = "plots/\u00e9t\u00e9/loss curve #2 (v1+v2).csv";
        await UploadTextAsync(ArtifactLocations.ToProxiedPath(run.Info.ArtifactUri, Relative), "step,loss");

        var listing = await Client.ListRunArtifactsAsync(run.Info.RunId, "plots/\u00e9t\u00e9");
        using var content = new MemoryStream();
        await Client.DownloadArtifactAsync(ArtifactLocations.ToProxiedPath(run.Info.ArtifactUri, Relative), content);

        Assert.Equal(Relative, Assert.Single(listing.Files).Path);
        Assert.Equal("step,loss", System.Text.Encoding.UTF8.GetString(content.ToArray()));
    }

    [Fact]
    public async Task DeleteArtifact_removes_the_file_and_a_later_download_is_RESOURCE_DOES_NOT_EXIST()
    {
        var run = await NewRunAsync();
        var path = ArtifactLocations.ToProxiedPath(run.Info.ArtifactUri, "tmp/scratch.txt");
        await UploadTextAsync(path, "scratch");

        await Client.DeleteArtifactAsync(path);

        Assert.Empty((await Client.ListRunArtifactsAsync(run.Info.RunId, "tmp")).Files);
        var localFile = _local.Combine("scratch.txt");
        var error = await Assert.ThrowsAsync<SlipwayApiException>(() => Client.DownloadArtifactFileAsync(path, localFile));
        Assert.Equal((ErrorCode.ResourceDoesNotExist, HttpStatusCode.NotFound), (error.Code, error.StatusCode));
        Assert.False(File.Exists(localFile), "A failed download must not leave a partial file behind.");
    }

    private async Task<Run> NewRunAsync() =>
        await Client.CreateRunAsync(await Client.CreateExperimentAsync(Names.Unique("sdk-artifacts")));

    private async Task UploadTextAsync(string path, string text)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await Client.UploadArtifactAsync(path, stream);
    }
}
