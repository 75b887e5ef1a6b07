namespace Slipway.Serving.Deployments;

/// <summary>Where the engine gets a model version's files: a local directory holding its artifacts.</summary>
public interface IModelSource
{
    /// <returns>A directory with the version's files; the source keeps it for as long as the version may be served.</returns>
    Task<string> FetchAsync(string workspaceId, string modelName, long version, CancellationToken cancellationToken = default);
}
