using Slipway.Serving.Deployments;

namespace Slipway.Serving.Tests.Deployments;

/// <summary>Model versions as folders <c>{root}/{name}/{version}</c>: the artifact store's part, for engine tests.</summary>
internal sealed class FolderModelSource(string root) : IModelSource
{
    public int Fetches { get; private set; }

    public Task<string> FetchAsync(string workspaceId, string modelName, long version, CancellationToken cancellationToken = default)
    {
        Fetches++;
        return Task.FromResult(Path.Combine(root, modelName, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
