using Slipway.Core.Stores;
using Slipway.Core.Uris;

namespace Slipway.Core.Registry;

/// <summary>
/// Resolves <c>models:/name/version</c>, <c>models:/name@alias</c>, <c>models:/name/stage</c> and
/// <c>models:/name/latest</c> to the model version they currently name. Serving and pipelines use this.
/// </summary>
public sealed class ModelUriResolver(IModelRegistryStore store)
{
    public async Task<ModelVersion> ResolveAsync(string workspaceId, string uri, CancellationToken cancellationToken = default)
    {
        var parsed = ModelUri.Parse(uri);
        return parsed.Kind switch
        {
            ModelUriKind.Version => await store.GetModelVersionAsync(workspaceId, parsed.Name, parsed.Version!.Value, cancellationToken),
            ModelUriKind.Alias => await store.GetModelVersionByAliasAsync(workspaceId, parsed.Name, parsed.Alias!, cancellationToken),
            ModelUriKind.Stage => await LatestAsync(workspaceId, parsed.Name, [parsed.Stage!], uri, cancellationToken),
            _ => await LatestAsync(workspaceId, parsed.Name, [], uri, cancellationToken),
        };
    }

    private async Task<ModelVersion> LatestAsync(string workspaceId, string name, IReadOnlyList<string> stages, string uri, CancellationToken cancellationToken)
    {
        var versions = await store.GetLatestVersionsAsync(workspaceId, name, stages, cancellationToken);
        return versions.MaxBy(v => v.Version)
            ?? throw Errors.SlipwayException.NotFound($"No model version matches '{uri}'.");
    }
}
