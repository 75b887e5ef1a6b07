using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Server.Security;

/// <summary>Validates OIDC JWTs against the configured issuer, audience and the issuer's published signing keys.</summary>
public sealed class OidcTokenValidator
{
    private readonly OidcOptions _options;
    private readonly IMetadataStore _store;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _configuration;
    private readonly JsonWebTokenHandler _handler = new();

    public OidcTokenValidator(OidcOptions options, IMetadataStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            throw SlipwayException.Invalid("Single sign-on needs both an issuer (--oidc-issuer) and an audience (--oidc-audience).");
        }

        _options = options;
        _store = store;
        var metadata = options.MetadataAddress ?? options.Issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadata,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = !options.AllowHttpMetadata });
    }

    public async ValueTask<AuthenticationResult> ValidateAsync(string token, IdentityCache cache, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _configuration.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            return AuthenticationResult.Failed($"The identity provider's signing keys could not be fetched: {ex.Message}");
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid)
        {
            return AuthenticationResult.Failed($"The single sign-on token was refused: {Describe(result.Exception)}");
        }

        if (!result.Claims.TryGetValue(_options.UserClaim, out var claim) || claim?.ToString() is not { Length: > 0 } name)
        {
            return AuthenticationResult.Failed($"The single sign-on token has no '{_options.UserClaim}' claim to name the user.");
        }

        var user = await cache.GetUserAsync(name, cancellationToken);
        var fresh = false;
        if (user is null)
        {
            try
            {
                user = await _store.CreateUserAsync(new NewUser(name, null, false, false), cancellationToken);
            }
            catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceAlreadyExists)
            {
                user = await _store.GetUserAsync(name, cancellationToken);
            }

            cache.Invalidate();
            fresh = true;
        }

        return new AuthenticationResult(new Caller(user.Name, user.IsAdmin, null, null, "oidc"), null, name, fresh);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "it has expired.",
        SecurityTokenInvalidAudienceException => "it is meant for another audience.",
        SecurityTokenInvalidIssuerException => "it comes from another issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not match the issuer's keys.",
        SecurityTokenMalformedException => "it is not a well-formed JWT.",
        null => "it is not valid.",
        _ => exception.GetType().Name.Replace("SecurityToken", string.Empty, StringComparison.Ordinal).Replace("Exception", string.Empty, StringComparison.Ordinal) + ".",
    };
}
