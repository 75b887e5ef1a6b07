using Slipway.Core.Diagnostics;
using Slipway.Core.Errors;
using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Core.Validation;

namespace Slipway.Core.Registry;

/// <summary>
/// The model registry's rules in front of <see cref="IModelRegistryStore"/>: validation, query parsing,
/// stage and alias checks, and resolution of a version's source to a downloadable artifact location.
/// </summary>
public sealed class ModelRegistryService(IModelRegistryStore store, ITrackingStore trackingStore, IOperationTimer timer)
{
    public IModelRegistryStore Store => store;

    public async Task<RegisteredModel> CreateRegisteredModelAsync(string workspaceId, string? name, string? description, string? userId, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        ValidateTags(tags);
        using var _ = timer.Start("create_registered_model");
        return await store.CreateRegisteredModelAsync(workspaceId, name!, description, userId, tags, cancellationToken);
    }

    public async Task<RegisteredModel> GetRegisteredModelAsync(string workspaceId, string? name, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        using var _ = timer.Start("get_registered_model");
        return await store.GetRegisteredModelAsync(workspaceId, name!, cancellationToken);
    }

    public async Task<RegisteredModel> RenameRegisteredModelAsync(string workspaceId, string? name, string? newName, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        RegistryValidator.ValidateModelName(newName);
        using var _ = timer.Start("rename_registered_model");
        return await store.RenameRegisteredModelAsync(workspaceId, name!, newName!, cancellationToken);
    }

    public async Task<RegisteredModel> UpdateRegisteredModelAsync(string workspaceId, string? name, string? description, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        using var _ = timer.Start("update_registered_model");
        return await store.UpdateRegisteredModelAsync(workspaceId, name!, description, cancellationToken);
    }

    public async Task DeleteRegisteredModelAsync(string workspaceId, string? name, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        using var _ = timer.Start("delete_registered_model");
        await store.DeleteRegisteredModelAsync(workspaceId, name!, cancellationToken);
    }

    public async Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(string workspaceId, string? filter, IReadOnlyList<string>? orderBy, long? maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        var query = new RegistryQuery(
            SearchParser.ParseRegisteredModelFilter(filter),
            TrackingValidator.ValidateMaxResults(maxResults, TrackingLimits.SearchRegisteredModelsDefaultMaxResults, TrackingLimits.SearchRegisteredModelsMaxResults, "max_results"),
            SearchParser.ParseRegisteredModelOrderBy(orderBy),
            pageToken);
        PageToken.DecodeOffset(pageToken);
        using var _ = timer.Start("search_registered_models");
        return await store.SearchRegisteredModelsAsync(workspaceId, query, cancellationToken);
    }

    public async Task SetRegisteredModelTagAsync(string workspaceId, string? name, Tag tag, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        RegistryValidator.ValidateTag(tag);
        using var _ = timer.Start("set_registered_model_tag");
        await store.SetRegisteredModelTagAsync(workspaceId, name!, tag, cancellationToken);
    }

    public async Task DeleteRegisteredModelTagAsync(string workspaceId, string? name, string? key, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        ValidationMessages.RequireValue(key, "key");
        using var _ = timer.Start("delete_registered_model_tag");
        await store.DeleteRegisteredModelTagAsync(workspaceId, name!, key!, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string workspaceId, string? name, IReadOnlyList<string> stages, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var canonical = stages.Select(s => RegistryValidator.NormalizeStage(s, "stages")).Distinct().ToList();
        using var _ = timer.Start("get_latest_versions");
        return await store.GetLatestVersionsAsync(workspaceId, name!, canonical, cancellationToken);
    }

    public async Task<ModelVersion> CreateModelVersionAsync(string workspaceId, NewModelVersion version, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(version.Name);
        ValidationMessages.RequireValue(version.Source, "source");
        ValidateTags(version.Tags);
        using var _ = timer.Start("create_model_version");
        return await store.CreateModelVersionAsync(workspaceId, version, cancellationToken);
    }

    public async Task<ModelVersion> GetModelVersionAsync(string workspaceId, string? name, string? version, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var number = RegistryValidator.ParseVersion(version);
        using var _ = timer.Start("get_model_version");
        return await store.GetModelVersionAsync(workspaceId, name!, number, cancellationToken);
    }

    public async Task<ModelVersion> UpdateModelVersionAsync(string workspaceId, string? name, string? version, string? description, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var number = RegistryValidator.ParseVersion(version);
        using var _ = timer.Start("update_model_version");
        return await store.UpdateModelVersionAsync(workspaceId, name!, number, description, cancellationToken);
    }

    public async Task DeleteModelVersionAsync(string workspaceId, string? name, string? version, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var number = RegistryValidator.ParseVersion(version);
        using var _ = timer.Start("delete_model_version");
        await store.DeleteModelVersionAsync(workspaceId, name!, number, cancellationToken);
    }

    public async Task<Page<ModelVersion>> SearchModelVersionsAsync(string workspaceId, string? filter, IReadOnlyList<string>? orderBy, long? maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        var query = new RegistryQuery(
            SearchParser.ParseModelVersionFilter(filter),
            TrackingValidator.ValidateMaxResults(maxResults, TrackingLimits.SearchModelVersionsDefaultMaxResults, TrackingLimits.SearchModelVersionsMaxResults, "max_results"),
            SearchParser.ParseModelVersionOrderBy(orderBy),
            pageToken);
        PageToken.DecodeOffset(pageToken);
        using var _ = timer.Start("search_model_versions");
        return await store.SearchModelVersionsAsync(workspaceId, query, cancellationToken);
    }

    public async Task SetModelVersionTagAsync(string workspaceId, string? name, string? version, Tag tag, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var number = RegistryValidator.ParseVersion(version);
        RegistryValidator.ValidateTag(tag);
        using var _ = timer.Start("set_model_version_tag");
        await store.SetModelVersionTagAsync(workspaceId, name!, number, tag, cancellationToken);
    }

    public async Task DeleteModelVersionTagAsync(string workspaceId, string? name, string? version, string? key, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var number = RegistryValidator.ParseVersion(version);
        ValidationMessages.RequireValue(key, "key");
        using var _ = timer.Start("delete_model_version_tag");
        await store.DeleteModelVersionTagAsync(workspaceId, name!, number, key!, cancellationToken);
    }

    public async Task<ModelVersion> TransitionStageAsync(string workspaceId, string? name, string? version, string? stage, bool archiveExistingVersions, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        var number = RegistryValidator.ParseVersion(version);
        var canonical = RegistryValidator.NormalizeStage(stage);
        if (archiveExistingVersions && canonical is not (ModelStage.Staging or ModelStage.Production))
        {
            throw SlipwayException.Invalid(
                $"Model version transition cannot archive existing model versions because '{canonical}' is not an Active stage. Valid stages are {ModelStage.Staging}, {ModelStage.Production}.");
        }

        using var _ = timer.Start("transition_model_version_stage");
        return await store.TransitionModelVersionStageAsync(workspaceId, name!, number, canonical, archiveExistingVersions, cancellationToken);
    }

    public async Task SetAliasAsync(string workspaceId, string? name, string? aliasName, string? version, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        RegistryValidator.ValidateAlias(aliasName);
        var number = RegistryValidator.ParseVersion(version);
        using var _ = timer.Start("set_registered_model_alias");
        await store.SetRegisteredModelAliasAsync(workspaceId, name!, aliasName!, number, cancellationToken);
    }

    public async Task DeleteAliasAsync(string workspaceId, string? name, string? aliasName, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        RegistryValidator.ValidateAlias(aliasName);
        using var _ = timer.Start("delete_registered_model_alias");
        await store.DeleteRegisteredModelAliasAsync(workspaceId, name!, aliasName!, cancellationToken);
    }

    public async Task<ModelVersion> GetModelVersionByAliasAsync(string workspaceId, string? name, string? aliasName, CancellationToken cancellationToken = default)
    {
        RegistryValidator.ValidateModelName(name);
        ValidationMessages.RequireValue(aliasName, "alias");
        using var _ = timer.Start("get_model_version_by_alias");
        return await store.GetModelVersionByAliasAsync(workspaceId, name!, aliasName!, cancellationToken);
    }

    /// <summary>
    /// Where the version's files can be downloaded: a <c>runs:/</c> source resolves to the run's artifact
    /// location, a <c>models:/</c> source to that version's location, anything else is returned as is.
    /// </summary>
    public async Task<string> GetDownloadUriAsync(string workspaceId, string? name, string? version, CancellationToken cancellationToken = default)
    {
        var modelVersion = await GetModelVersionAsync(workspaceId, name, version, cancellationToken);
        return await ResolveSourceAsync(workspaceId, modelVersion.Source, depth: 0, cancellationToken);
    }

    private async Task<string> ResolveSourceAsync(string workspaceId, string source, int depth, CancellationToken cancellationToken)
    {
        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            var runUri = Uris.RunArtifactUri.Parse(source);
            var run = await trackingStore.GetRunAsync(workspaceId, runUri.RunId, cancellationToken);
            return runUri.ArtifactPath.Length == 0 ? run.Info.ArtifactUri : $"{run.Info.ArtifactUri.TrimEnd('/')}/{runUri.ArtifactPath}";
        }

        if (source.StartsWith("models:/", StringComparison.Ordinal) && depth < 8)
        {
            var target = await new ModelUriResolver(store).ResolveAsync(workspaceId, source, cancellationToken);
            return await ResolveSourceAsync(workspaceId, target.Source, depth + 1, cancellationToken);
        }

        return source;
    }

    private static void ValidateTags(IReadOnlyList<Tag> tags)
    {
        foreach (var tag in tags)
        {
            RegistryValidator.ValidateTag(tag);
        }
    }
}
