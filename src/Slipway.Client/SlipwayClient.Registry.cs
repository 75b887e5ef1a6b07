using Slipway.Client.Http;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Registry;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    public async Task<RegisteredModel> CreateRegisteredModelAsync(
        string name, string? description = null, IEnumerable<Tag>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new CreateRegisteredModelRequest { Name = name, Description = description, Tags = WireMapper.ToWire(tags) };
        var response = await PostAsync("registered-models/create", request, WireJsonContext.Default.CreateRegisteredModelRequest, WireJsonContext.Default.RegisteredModelResponse, cancellationToken);
        return (response.RegisteredModel ?? new WireRegisteredModel { Name = name }).ToDomain();
    }

    public async Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await GetAsync("registered-models/get", new QueryStringBuilder().Add("name", name), WireJsonContext.Default.RegisteredModelResponse, cancellationToken);
        return (response.RegisteredModel ?? new WireRegisteredModel { Name = name }).ToDomain();
    }

    public async Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(newName);
        var request = new RenameRegisteredModelRequest { Name = name, NewName = newName };
        var response = await PostAsync("registered-models/rename", request, WireJsonContext.Default.RenameRegisteredModelRequest, WireJsonContext.Default.RegisteredModelResponse, cancellationToken);
        return (response.RegisteredModel ?? new WireRegisteredModel { Name = newName }).ToDomain();
    }

    /// <summary>Sets the model's description (<c>registered-models/update</c>).</summary>
    public async Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new UpdateRegisteredModelRequest { Name = name, Description = description ?? string.Empty };
        var response = await PatchAsync("registered-models/update", request, WireJsonContext.Default.UpdateRegisteredModelRequest, WireJsonContext.Default.RegisteredModelResponse, cancellationToken);
        return (response.RegisteredModel ?? new WireRegisteredModel { Name = name }).ToDomain();
    }

    /// <summary>Deletes the model with all its versions, tags and aliases.</summary>
    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return DeleteAsync(
            "registered-models/delete",
            new RegisteredModelNameRequest { Name = name },
            WireJsonContext.Default.RegisteredModelNameRequest,
            new QueryStringBuilder().Add("name", name),
            cancellationToken);
    }

    /// <summary>One page of registered models (<c>registered-models/search</c>).</summary>
    /// <param name="filter">MLflow filter syntax, such as <c>name LIKE 'fraud%'</c>.</param>
    public async Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(
        string? filter = null,
        IEnumerable<string>? orderBy = null,
        int? maxResults = null,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        var query = SearchQuery(filter, orderBy, maxResults, pageToken);
        var response = await GetAsync("registered-models/search", query, WireJsonContext.Default.SearchRegisteredModelsResponse, cancellationToken);
        return new Page<RegisteredModel>(response.RegisteredModels?.Select(m => m.ToDomain()).ToArray() ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every matching registered model, following page tokens.</summary>
    public IAsyncEnumerable<RegisteredModel> SearchAllRegisteredModelsAsync(
        string? filter = null, IEnumerable<string>? orderBy = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var order = orderBy?.ToList();
        return FollowPagesAsync((token, ct) => SearchRegisteredModelsAsync(filter, order, pageSize, token, ct), cancellationToken);
    }

    /// <summary>The newest version in each of <paramref name="stages"/> (every stage when null or empty).</summary>
    public async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(
        string name, IEnumerable<string>? stages = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new GetLatestVersionsRequest { Name = name, Stages = stages?.ToList() };
        var response = await PostAsync("registered-models/get-latest-versions", request, WireJsonContext.Default.GetLatestVersionsRequest, WireJsonContext.Default.ModelVersionsResponse, cancellationToken);
        return response.ModelVersions?.Select(v => v.ToDomain()).ToArray() ?? [];
    }

    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var request = new RegisteredModelTagRequest { Name = name, Key = key, Value = value };
        return PostAsync("registered-models/set-tag", request, WireJsonContext.Default.RegisteredModelTagRequest, cancellationToken);
    }

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return DeleteAsync(
            "registered-models/delete-tag",
            new RegisteredModelTagRequest { Name = name, Key = key },
            WireJsonContext.Default.RegisteredModelTagRequest,
            new QueryStringBuilder().Add("name", name).Add("key", key),
            cancellationToken);
    }

    /// <summary>Points <paramref name="alias"/> (such as <c>champion</c>) at a version, moving it if it pointed elsewhere.</summary>
    public Task SetRegisteredModelAliasAsync(string name, string alias, long version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(alias);
        var request = new RegisteredModelAliasRequest { Name = name, Alias = alias, Version = FormatVersion(version) };
        return PostAsync("registered-models/alias", request, WireJsonContext.Default.RegisteredModelAliasRequest, cancellationToken);
    }

    public Task DeleteRegisteredModelAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(alias);
        return DeleteAsync(
            "registered-models/alias",
            new RegisteredModelAliasRequest { Name = name, Alias = alias },
            WireJsonContext.Default.RegisteredModelAliasRequest,
            new QueryStringBuilder().Add("name", name).Add("alias", alias),
            cancellationToken);
    }

    public async Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(alias);
        var query = new QueryStringBuilder().Add("name", name).Add("alias", alias);
        var response = await GetAsync("registered-models/alias", query, WireJsonContext.Default.ModelVersionResponse, cancellationToken);
        return (response.ModelVersion ?? new WireModelVersion { Name = name }).ToDomain();
    }

    /// <summary>Registers a new version of a model from <paramref name="source"/> (such as <c>runs:/&lt;run_id&gt;/model</c>).</summary>
    public async Task<ModelVersion> CreateModelVersionAsync(
        string name,
        string source,
        string? runId = null,
        IEnumerable<Tag>? tags = null,
        string? runLink = null,
        string? description = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var request = new CreateModelVersionRequest
        {
            Name = name,
            Source = source,
            RunId = runId,
            Tags = WireMapper.ToWire(tags),
            RunLink = runLink,
            Description = description,
        };
        var response = await PostAsync("model-versions/create", request, WireJsonContext.Default.CreateModelVersionRequest, WireJsonContext.Default.ModelVersionResponse, cancellationToken);
        return (response.ModelVersion ?? new WireModelVersion { Name = name }).ToDomain();
    }

    public async Task<ModelVersion> GetModelVersionAsync(string name, long version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var query = new QueryStringBuilder().Add("name", name).Add("version", FormatVersion(version));
        var response = await GetAsync("model-versions/get", query, WireJsonContext.Default.ModelVersionResponse, cancellationToken);
        return (response.ModelVersion ?? new WireModelVersion { Name = name, Version = FormatVersion(version) }).ToDomain();
    }

    /// <summary>Sets a version's description (<c>model-versions/update</c>).</summary>
    public async Task<ModelVersion> UpdateModelVersionAsync(string name, long version, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new ModelVersionRequest { Name = name, Version = FormatVersion(version), Description = description ?? string.Empty };
        var response = await PatchAsync("model-versions/update", request, WireJsonContext.Default.ModelVersionRequest, WireJsonContext.Default.ModelVersionResponse, cancellationToken);
        return (response.ModelVersion ?? new WireModelVersion { Name = name, Version = FormatVersion(version) }).ToDomain();
    }

    public Task DeleteModelVersionAsync(string name, long version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return DeleteAsync(
            "model-versions/delete",
            new ModelVersionRequest { Name = name, Version = FormatVersion(version) },
            WireJsonContext.Default.ModelVersionRequest,
            new QueryStringBuilder().Add("name", name).Add("version", FormatVersion(version)),
            cancellationToken);
    }

    /// <summary>One page of model versions (<c>model-versions/search</c>).</summary>
    /// <param name="filter">MLflow filter syntax, such as <c>name = 'fraud'</c> or <c>run_id = '...'</c>.</param>
    public async Task<Page<ModelVersion>> SearchModelVersionsAsync(
        string? filter = null,
        IEnumerable<string>? orderBy = null,
        int? maxResults = null,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        var query = SearchQuery(filter, orderBy, maxResults, pageToken);
        var response = await GetAsync("model-versions/search", query, WireJsonContext.Default.ModelVersionsResponse, cancellationToken);
        return new Page<ModelVersion>(response.ModelVersions?.Select(v => v.ToDomain()).ToArray() ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every matching model version, following page tokens.</summary>
    public IAsyncEnumerable<ModelVersion> SearchAllModelVersionsAsync(
        string? filter = null, IEnumerable<string>? orderBy = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var order = orderBy?.ToList();
        return FollowPagesAsync((token, ct) => SearchModelVersionsAsync(filter, order, pageSize, token, ct), cancellationToken);
    }

    /// <summary>
    /// Moves a version to a stage (see <see cref="ModelStage"/>); with <paramref name="archiveExistingVersions"/>, the
    /// versions already in that stage move to Archived.
    /// </summary>
    public async Task<ModelVersion> TransitionModelVersionStageAsync(
        string name, long version, string stage, bool archiveExistingVersions = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(stage);
        var request = new TransitionModelVersionStageRequest
        {
            Name = name,
            Version = FormatVersion(version),
            Stage = stage,
            ArchiveExistingVersions = archiveExistingVersions,
        };
        var response = await PostAsync("model-versions/transition-stage", request, WireJsonContext.Default.TransitionModelVersionStageRequest, WireJsonContext.Default.ModelVersionResponse, cancellationToken);
        return (response.ModelVersion ?? new WireModelVersion { Name = name, Version = FormatVersion(version), CurrentStage = stage }).ToDomain();
    }

    /// <summary>Where the version's files can be downloaded from (<c>model-versions/get-download-uri</c>).</summary>
    public async Task<string> GetModelVersionDownloadUriAsync(string name, long version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var query = new QueryStringBuilder().Add("name", name).Add("version", FormatVersion(version));
        var response = await GetAsync("model-versions/get-download-uri", query, WireJsonContext.Default.DownloadUriResponse, cancellationToken);
        return response.ArtifactUri ?? string.Empty;
    }

    public Task SetModelVersionTagAsync(string name, long version, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var request = new ModelVersionTagRequest { Name = name, Version = FormatVersion(version), Key = key, Value = value };
        return PostAsync("model-versions/set-tag", request, WireJsonContext.Default.ModelVersionTagRequest, cancellationToken);
    }

    public Task DeleteModelVersionTagAsync(string name, long version, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return DeleteAsync(
            "model-versions/delete-tag",
            new ModelVersionTagRequest { Name = name, Version = FormatVersion(version), Key = key },
            WireJsonContext.Default.ModelVersionTagRequest,
            new QueryStringBuilder().Add("name", name).Add("version", FormatVersion(version)).Add("key", key),
            cancellationToken);
    }

    /// <summary>The query string of the registry's GET searches (registered models and model versions).</summary>
    private static QueryStringBuilder SearchQuery(string? filter, IEnumerable<string>? orderBy, int? maxResults, string? pageToken) =>
        new QueryStringBuilder()
            .Add("filter", NullIfEmpty(filter))
            .Add("max_results", maxResults)
            .Add("order_by", orderBy)
            .Add("page_token", pageToken);
}
