using Slipway.Client.Http;
using Slipway.Client.Wire;
using Slipway.Core.Artifacts;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    private const string ProxiedArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";

    /// <summary>Lists a run's artifacts under <paramref name="path"/> (<c>artifacts/list</c>).</summary>
    public async Task<RunArtifactListing> ListRunArtifactsAsync(
        string runId, string? path = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var query = new QueryStringBuilder()
            .Add("run_id", runId)
            .Add("path", NullIfEmpty(path))
            .Add("page_token", pageToken);
        var response = await GetAsync("artifacts/list", query, WireJsonContext.Default.ListArtifactsResponse, cancellationToken);
        return new RunArtifactListing(
            response.RootUri ?? string.Empty,
            response.Files?.Select(f => f.ToDomain()).ToArray() ?? [],
            NullIfEmpty(response.NextPageToken));
    }

    /// <summary>
    /// Writes (or replaces) the artifact at <paramref name="artifactPath"/> through the server's artifact proxy. For a
    /// run's files, build the path with <see cref="ArtifactLocations.ToProxiedPath"/> from the run's artifact URI.
    /// </summary>
    public async Task UploadArtifactAsync(string artifactPath, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new StreamContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Put, ProxiedArtifactUri(artifactPath), body, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Uploads a local file to <paramref name="artifactPath"/> (the full artifact path, file name included).</summary>
    public async Task UploadArtifactFileAsync(string localFile, string artifactPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        await using var stream = File.OpenRead(localFile);
        await UploadArtifactAsync(artifactPath, stream, cancellationToken);
    }

    /// <summary>Copies the artifact at <paramref name="artifactPath"/> into <paramref name="destination"/>.</summary>
    public async Task DownloadArtifactAsync(string artifactPath, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await SendAsync(HttpMethod.Get, ProxiedArtifactUri(artifactPath), content: null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await source.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Downloads an artifact to a local file, creating its directory; a partial file is removed on failure.</summary>
    public async Task DownloadArtifactFileAsync(string artifactPath, string localFile, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        var directory = Path.GetDirectoryName(Path.GetFullPath(localFile));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        try
        {
            await using var file = File.Create(localFile);
            await DownloadArtifactAsync(artifactPath, file, cancellationToken);
        }
        catch
        {
            File.Delete(localFile);
            throw;
        }
    }

    /// <summary>
    /// The direct children of an artifact directory (the root when <paramref name="artifactPath"/> is null), with
    /// paths relative to the artifact root.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactEntry>> ListArtifactsAsync(string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        var directory = ArtifactLocations.Combine(artifactPath);
        var query = new QueryStringBuilder().Add("path", NullIfEmpty(directory));
        using var response = await SendAsync(HttpMethod.Get, ProxiedArtifactsApi + query, content: null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var listing = System.Text.Json.JsonSerializer.Deserialize(
            await response.Content.ReadAsByteArrayAsync(cancellationToken), WireJsonContext.Default.ListArtifactsResponse);
        return listing?.Files?.Select(f => f.ToDomain() with { Path = RelativeToRoot(directory, f.Path) }).ToArray() ?? [];
    }

    /// <summary>Deletes an artifact file or directory through the artifact proxy.</summary>
    public async Task DeleteArtifactAsync(string artifactPath, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, ProxiedArtifactUri(artifactPath), content: null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private static string ProxiedArtifactUri(string artifactPath)
    {
        var path = ArtifactLocations.Combine(artifactPath);
        if (path.Length == 0)
        {
            throw new ArgumentException("An artifact path is required.", nameof(artifactPath));
        }

        return ProxiedArtifactsApi + "/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>MLflow's proxy lists base names; Slipway may list full paths. Either way, return paths from the root.</summary>
    private static string RelativeToRoot(string directory, string? path)
    {
        var entry = ArtifactLocations.Combine(path);
        return directory.Length == 0 || entry.StartsWith(directory + "/", StringComparison.Ordinal)
            ? entry
            : ArtifactLocations.Combine(directory, entry);
    }
}
