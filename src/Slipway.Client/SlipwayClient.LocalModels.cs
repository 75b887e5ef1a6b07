using Slipway.Client.Models;
using Slipway.Core.Registry;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>
    /// Loads a registered model version into this process, to predict with the same runtime the server serves it with.
    /// <paramref name="modelUri"/> is resolved to one version through the registry (<c>models:/fraud/3</c>,
    /// <c>models:/fraud@champion</c>, <c>models:/fraud/Production</c> or <c>models:/fraud/latest</c>); its artifact
    /// directory is downloaded once through the server's artifact proxy into a cache shared by every load on this
    /// machine (see <see cref="LocalModelOptions.CacheDirectory"/>), and later loads of the same version use that copy.
    /// When the version carries the <see cref="ModelVersionTags.Sha256"/> tag the model file must match it; a cached
    /// copy is checked again on every load, and one that changed on disk is downloaded afresh.
    /// </summary>
    /// <exception cref="Core.Errors.SlipwayException">
    /// RESOURCE_DOES_NOT_EXIST when the URI names no version (the message names the model and the alias, stage or
    /// version); INVALID_PARAMETER_VALUE for a malformed URI or a model directory the runtime cannot load.
    /// </exception>
    /// <exception cref="ModelVerificationException">The downloaded model file does not match the version's digest tag.</exception>
    /// <exception cref="NotSupportedException">The version's files are not reachable through the server's artifact proxy.</exception>
    public Task<LocalModel> LoadModelAsync(string modelUri, LocalModelOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelUri);
        return new ModelLoader(this, options ?? new LocalModelOptions()).LoadAsync(modelUri, cancellationToken);
    }
}
