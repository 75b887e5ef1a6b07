using System.Security.Cryptography;
using Slipway.Core.Artifacts;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;
using Slipway.Core.Uris;
using Slipway.Data.Artifacts;

namespace Slipway.Serving.Packaging;

/// <summary>
/// The check Slipway's own registration paths make before a version enters the registry: the source must be a model
/// directory with a usable <c>MLmodel</c> descriptor whose model loads and predicts. It yields the tags the version is
/// registered with: the model file's SHA-256 (clients verify downloads against it), its flavor and its signature.
/// </summary>
public sealed class ModelPackageCheck(TrackingService tracking, ArtifactTransfer transfer)
{
    public const string FlavorTag = "slipway.model.flavor";
    public const string SignatureTag = "slipway.model.signature";

    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE saying why the source cannot be served.</exception>
    public async Task<IReadOnlyList<Tag>> InspectAsync(string workspaceId, string modelName, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            throw SlipwayException.Invalid(
                $"Cannot register '{modelName}' from '{source}': give a runs:/<run id>/<path> source, the run artifact directory that holds the model and its MLmodel file.");
        }

        var uri = RunArtifactUri.Parse(source);
        var run = await tracking.GetRunAsync(workspaceId, uri.RunId, cancellationToken);
        var storePath = ArtifactLocations.ToStorePath(run.Info.ArtifactUri);
        storePath = uri.ArtifactPath.Length == 0 ? storePath : $"{storePath}/{uri.ArtifactPath}";
        var staging = Directory.CreateTempSubdirectory("slipway-register-").FullName;
        try
        {
            string local;
            try
            {
                (_, local) = await transfer.DownloadAsync(storePath, staging, cancellationToken);
            }
            catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
            {
                throw SlipwayException.Invalid($"Cannot register '{modelName}' from {source}: the run has no artifacts there.");
            }

            if (File.Exists(local))
            {
                throw SlipwayException.Invalid(
                    $"Cannot register '{modelName}' from {source}: it is a single file; register the directory that holds the model file and its {ModelDescriptor.FileName} descriptor.");
            }

            ModelPackage package;
            try
            {
                package = await Task.Run(() => ModelPackage.Load(local), cancellationToken);
            }
            catch (SlipwayException ex) when (ex.Code is ErrorCode.InvalidParameterValue or ErrorCode.ResourceDoesNotExist)
            {
                throw SlipwayException.Invalid($"Cannot register '{modelName}' from {source}: {ex.Message}");
            }

            using (package)
            {
                await using var file = File.OpenRead(Path.Combine(local, package.Descriptor.File));
                var digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
                var signature = $"{string.Join(", ", package.Signature.Inputs)} -> {string.Join(", ", package.Signature.Outputs)}";
                return
                [
                    new Tag(ModelVersionTags.Sha256, digest),
                    new Tag(FlavorTag, package.Descriptor.Flavor),
                    new Tag(SignatureTag, signature.Length <= 5000 ? signature : signature[..4997] + "..."),
                ];
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
