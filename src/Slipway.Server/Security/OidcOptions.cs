namespace Slipway.Server.Security;

/// <summary>
/// Single sign-on: JWT bearer tokens from an OpenID Connect provider are accepted when <see cref="Issuer"/> is set.
/// Signing keys come from the issuer's discovery document (<c>/.well-known/openid-configuration</c>), or from
/// <see cref="MetadataAddress"/> when the provider publishes it elsewhere. <see cref="UserClaim"/> names the
/// claim that holds the Slipway user name; a user signing in for the first time is created without a password
/// and without memberships, for an admin to place in workspaces.
/// </summary>
public sealed class OidcOptions
{
    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public string UserClaim { get; set; } = "preferred_username";

    public string? MetadataAddress { get; set; }

    /// <summary>Allows an <c>http://</c> metadata address (tests and providers on a trusted loopback only).</summary>
    public bool AllowHttpMetadata { get; set; }
}
