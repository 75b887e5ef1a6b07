using Slipway.Core.Registry;
using Slipway.Core.Search;
using Slipway.Core.Tracking;

namespace Slipway.Core.Stores;

/// <summary>
/// Persistence of registered models, their versions, tags, stages and aliases. Model names are unique per
/// workspace; a model in another workspace is reported as missing.
/// </summary>
public interface IModelRegistryStore
{
    Task<RegisteredModel> CreateRegisteredModelAsync(string workspaceId, string name, string? description, string? userId, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default);

    Task<RegisteredModel> GetRegisteredModelAsync(string workspaceId, string name, CancellationToken cancellationToken = default);

    Task<RegisteredModel> RenameRegisteredModelAsync(string workspaceId, string name, string newName, CancellationToken cancellationToken = default);

    Task<RegisteredModel> UpdateRegisteredModelAsync(string workspaceId, string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>Deletes the model with all its versions, tags and aliases.</summary>
    Task DeleteRegisteredModelAsync(string workspaceId, string name, CancellationToken cancellationToken = default);

    Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(string workspaceId, RegistryQuery query, CancellationToken cancellationToken = default);

    Task SetRegisteredModelTagAsync(string workspaceId, string name, Tag tag, CancellationToken cancellationToken = default);

    Task DeleteRegisteredModelTagAsync(string workspaceId, string name, string key, CancellationToken cancellationToken = default);

    /// <summary>The newest version in each requested stage (every stage when <paramref name="stages"/> is empty).</summary>
    Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string workspaceId, string name, IReadOnlyList<string> stages, CancellationToken cancellationToken = default);

    Task<ModelVersion> CreateModelVersionAsync(string workspaceId, NewModelVersion version, CancellationToken cancellationToken = default);

    Task<ModelVersion> GetModelVersionAsync(string workspaceId, string name, long version, CancellationToken cancellationToken = default);

    Task<ModelVersion> UpdateModelVersionAsync(string workspaceId, string name, long version, string? description, CancellationToken cancellationToken = default);

    /// <summary>Deletes the version and any aliases pointing at it.</summary>
    Task DeleteModelVersionAsync(string workspaceId, string name, long version, CancellationToken cancellationToken = default);

    Task<Page<ModelVersion>> SearchModelVersionsAsync(string workspaceId, RegistryQuery query, CancellationToken cancellationToken = default);

    Task SetModelVersionTagAsync(string workspaceId, string name, long version, Tag tag, CancellationToken cancellationToken = default);

    Task DeleteModelVersionTagAsync(string workspaceId, string name, long version, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a version to a canonical stage (see <see cref="ModelStage"/>). With <paramref name="archiveExistingVersions"/>,
    /// other versions in the target stage (Staging or Production only) move to Archived in the same transaction.
    /// </summary>
    Task<ModelVersion> TransitionModelVersionStageAsync(string workspaceId, string name, long version, string stage, bool archiveExistingVersions, CancellationToken cancellationToken = default);

    /// <summary>Points the alias at the version, moving it if it pointed elsewhere.</summary>
    Task SetRegisteredModelAliasAsync(string workspaceId, string name, string aliasName, long version, CancellationToken cancellationToken = default);

    Task DeleteRegisteredModelAliasAsync(string workspaceId, string name, string aliasName, CancellationToken cancellationToken = default);

    Task<ModelVersion> GetModelVersionByAliasAsync(string workspaceId, string name, string aliasName, CancellationToken cancellationToken = default);
}
