namespace Slipway.Core.Registry;

/// <summary>Model version tag keys that Slipway gives meaning to; the server sets them and clients read them.</summary>
public static class ModelVersionTags
{
    /// <summary>
    /// The SHA-256 of the model file the version's <c>MLmodel</c> descriptor names, as 64 hex digits. A client that
    /// downloads the version checks the file against it, so a changed or corrupted artifact is refused, not served.
    /// </summary>
    public const string Sha256 = "slipway.model.sha256";
}
