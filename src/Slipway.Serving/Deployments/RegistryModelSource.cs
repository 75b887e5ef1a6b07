using System.Globalization;
using Slipway.Core.Artifacts;
using Slipway.Core.Registry;
using Slipway.Data.Artifacts;

namespace Slipway.Serving.Deployments;

/// <summary>
/// Fetches model versions from the registry's artifact store into a local cache, one folder per workspace, model and
/// version. A version's files never change, so a cached folder is used as is; a download lands in a temporary
/// folder first and is renamed into place, so a crash mid-download never leaves a half model behind.
/// </summary>
public sealed class RegistryModelSource(ModelRegistryService registry, ArtifactTransfer transfer, string cacheDirectory) : IModelSource
{
    public async Task<string> FetchAsync(string workspaceId, string modelName, long version, CancellationToken cancellationToken = default)
    {
        var versionText = version.ToString(CultureInfo.InvariantCulture);
        var target = Path.Combine(cacheDirectory, Uri.EscapeDataString(workspaceId), Uri.EscapeDataString(modelName), versionText);
        if (Directory.Exists(target))
        {
            return target;
        }

        var location = await registry.GetDownloadUriAsync(workspaceId, modelName, versionText, cancellationToken);
        var storePath = ArtifactLocations.ToStorePath(location);
        var staging = target + ".partial-" + Guid.NewGuid().ToString("N");
        try
        {
            var (_, local) = await transfer.DownloadAsync(storePath, staging, cancellationToken);
            if (File.Exists(local))
            {
                // The version's source is a single file, not a directory: it is the whole model, without a descriptor.
                throw Core.Errors.SlipwayException.Invalid(
                    $"Version {versionText} of '{modelName}' points at a single file ({Path.GetFileName(local)}), not a model directory with an MLmodel descriptor.");
            }

            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another replica or request fetched the same version first; theirs is as good as ours.
            }

            return target;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
