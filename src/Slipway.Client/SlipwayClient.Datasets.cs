using System.Net.Http.Headers;
using System.Text;
using Slipway.Client.Datasets;
using Slipway.Client.Http;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Data;

namespace Slipway.Client;

/// <summary>
/// Versioned datasets (<c>/api/v1/datasets</c>). A version is selected by <c>versionOrTag</c>: a number
/// (<c>"3"</c>) or a tag (<c>"latest"</c>, <c>"golden"</c>). To move files, prefer <see cref="PushAsync"/> and
/// <see cref="PullAsync"/>, which build on these calls.
/// </summary>
public sealed partial class SlipwayClient
{
    /// <summary>The datasets of the workspace with their newest version numbers.</summary>
    public async Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, "datasets", WireJsonContext.Default.DatasetsResponse, cancellationToken);
        return response.Datasets?.Select(d => d.ToDomain()).ToArray() ?? [];
    }

    /// <summary>Every version of a dataset, newest first (without profiles).</summary>
    public async Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string dataset, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, $"{DatasetPath(dataset)}/versions", WireJsonContext.Default.DatasetVersionsResponse, cancellationToken);
        return response.Versions?.Select(v => v.ToDomain()).ToArray() ?? [];
    }

    /// <summary>One version with its profile (schema and statistics per table, a summary of its images).</summary>
    public async Task<DatasetVersionDetails> GetDatasetVersionAsync(string dataset, string versionOrTag = DatasetReference.LatestTag, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, VersionPath(dataset, versionOrTag), WireJsonContext.Default.WireDatasetVersion, cancellationToken);
        return new DatasetVersionDetails(response.ToDomain(), response.Profile);
    }

    /// <summary>The manifest of a version: every file with its size, hash and media type, sorted by path.</summary>
    public async Task<IReadOnlyList<ManifestEntry>> ListDatasetFilesAsync(string dataset, string versionOrTag = DatasetReference.LatestTag, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, VersionPath(dataset, versionOrTag) + "/files", WireJsonContext.Default.DatasetFilesResponse, cancellationToken);
        return DatasetWireMapper.ToDomain(response.Files);
    }

    /// <summary>Copies one file of a version into <paramref name="destination"/>; returns its media type.</summary>
    public async Task<string?> DownloadDatasetFileAsync(
        string dataset, string versionOrTag, string path, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var uri = NativeApi + VersionPath(dataset, versionOrTag) + "/files/" + FilePath(path);
        return await CopyResponseAsync(uri, destination, cancellationToken);
    }

    /// <summary>
    /// A thumbnail of an image of a version, at most <paramref name="size"/> pixels on its longer side, copied into
    /// <paramref name="destination"/>; returns its media type (<c>image/jpeg</c> or <c>image/png</c>).
    /// </summary>
    public async Task<string?> DownloadDatasetThumbnailAsync(
        string dataset, string versionOrTag, string path, Stream destination, int size = 256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var uri = NativeApi + VersionPath(dataset, versionOrTag) + "/thumbnails/" + FilePath(path) + new QueryStringBuilder().Add("size", size);
        return await CopyResponseAsync(uri, destination, cancellationToken);
    }

    /// <summary>
    /// The first step of a push: checks the manifest and returns the contents the server does not hold yet, each
    /// once. Contents it holds are kept from the blob sweep for a while, for the commit that follows.
    /// </summary>
    public async Task<IReadOnlyList<ContentHash>> PlanDatasetPushAsync(string dataset, IReadOnlyList<ManifestEntry> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var request = new DatasetManifestRequest { Files = DatasetWireMapper.ToWire(files) };
        var response = await NativeAsync(
            HttpMethod.Post, $"{DatasetPath(dataset)}/plan", request, WireJsonContext.Default.DatasetManifestRequest, WireJsonContext.Default.DatasetPlanResponse, cancellationToken);
        return response.Missing?.Select(ContentHash.Parse).ToArray() ?? [];
    }

    /// <summary>
    /// Commits a version made of <paramref name="files"/>, every content of which must be stored already. When the
    /// files are exactly those of the latest version, nothing is created and the latest version comes back.
    /// </summary>
    /// <param name="tags">Tags to point at the new version besides <c>latest</c>.</param>
    public async Task<DatasetCommitResult> CommitDatasetVersionAsync(
        string dataset,
        IReadOnlyList<ManifestEntry> files,
        string? message = null,
        long? parentVersion = null,
        IEnumerable<string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var tagList = tags?.ToList();
        var request = new CommitDatasetVersionRequest
        {
            Files = DatasetWireMapper.ToWire(files),
            Message = message,
            ParentVersion = parentVersion,
            Tags = tagList is { Count: > 0 } ? tagList : null,
        };
        var response = await NativeAsync(
            HttpMethod.Post, $"{DatasetPath(dataset)}/versions", request,
            WireJsonContext.Default.CommitDatasetVersionRequest, WireJsonContext.Default.WireDatasetVersion, cancellationToken);
        return new DatasetCommitResult(response.ToDomain(), response.Profile, response.Created ?? true);
    }

    /// <summary>Points <paramref name="tag"/> at a version, moving it from any other; returns that version.</summary>
    public async Task<DatasetVersion> SetDatasetTagAsync(string dataset, string tag, long version, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(
            HttpMethod.Put, $"{DatasetPath(dataset)}/tags/{PathSegment(tag)}", new DatasetTagRequest { Version = version },
            WireJsonContext.Default.DatasetTagRequest, WireJsonContext.Default.WireDatasetVersion, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>Removes a tag (<c>latest</c> cannot be removed: it always names the newest version).</summary>
    public async Task DeleteDatasetTagAsync(string dataset, string tag, CancellationToken cancellationToken = default) =>
        await NativeAsync(HttpMethod.Delete, $"{DatasetPath(dataset)}/tags/{PathSegment(tag)}", WireJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>
    /// Deletes a version's manifest and its tags (<c>latest</c> moves to the newest version left). Numbers are never
    /// reused; the contents go when <see cref="SweepBlobsAsync"/> finds no version naming them.
    /// </summary>
    public async Task DeleteDatasetVersionAsync(string dataset, long version, CancellationToken cancellationToken = default) =>
        await NativeAsync(HttpMethod.Delete, VersionPath(dataset, FormatVersion(version)), WireJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>How version <paramref name="to"/> differs from <paramref name="from"/> (references such as <c>data:churn@2</c> or <c>churn@golden</c>).</summary>
    public async Task<DatasetDiff> DiffDatasetVersionsAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        var query = new QueryStringBuilder().Add("from", from).Add("to", to);
        var response = await NativeAsync(HttpMethod.Get, "dataset-diff" + query, WireJsonContext.Default.WireDatasetDiff, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>
    /// Runs a validation suite (its YAML or JSON text) against a version. A report comes back whether or not the data
    /// passed; a malformed suite raises <see cref="SlipwayApiException"/> (INVALID_PARAMETER_VALUE) naming the line.
    /// </summary>
    public async Task<DatasetValidationReport> ValidateDatasetAsync(string dataset, string versionOrTag, string suite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var content = new StringContent(suite, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(SuiteMediaType(suite)) { CharSet = "utf-8" };
        var response = await SendJsonAsync(
            HttpMethod.Post, NativeApi + VersionPath(dataset, versionOrTag) + "/validate", content, WireJsonContext.Default.WireValidationReport, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>The runs that used a version and the model versions those runs made.</summary>
    public async Task<DatasetLineage> GetDatasetLineageAsync(string dataset, string versionOrTag = DatasetReference.LatestTag, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, VersionPath(dataset, versionOrTag) + "/lineage", WireJsonContext.Default.WireDatasetLineage, cancellationToken);
        return response.ToDomain();
    }

    private static string DatasetPath(string dataset) => $"datasets/{PathSegment(dataset)}";

    private static string VersionPath(string dataset, string versionOrTag) => $"{DatasetPath(dataset)}/versions/{PathSegment(versionOrTag)}";

    /// <summary>A file path within a version, each segment escaped (the server matches the rest of the URL).</summary>
    private static string FilePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return string.Join('/', path.Split('/').Select(segment => PathSegment(segment, nameof(path))));
    }

    /// <summary>JSON when it looks like JSON, else YAML (of which JSON is a subset anyway).</summary>
    private static string SuiteMediaType(string suite) =>
        suite.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal) ? "application/json" : "application/yaml";

    private async Task<string?> CopyResponseAsync(string relativeUri, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, relativeUri, content: null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await source.CopyToAsync(destination, cancellationToken);
        return response.Content.Headers.ContentType?.MediaType;
    }
}
