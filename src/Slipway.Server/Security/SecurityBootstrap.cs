using System.Net;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Server.Hosting;

namespace Slipway.Server.Security;

/// <summary>
/// The start-up rules of ADR 0007: create the first admin from the configured password, then choose between
/// enforcing authentication, single-user mode (loopback and no users) and refusing to start (any other address
/// and no users). Never a fixed default password.
/// </summary>
public static class SecurityBootstrap
{
    public static async Task<(SecurityState State, IReadOnlyList<string> Banner)> PrepareAsync(
        ServerOptions options, IMetadataStore store, bool loopbackOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var required = options.Authentication.ToLowerInvariant() switch
        {
            "auto" => false,
            "required" => true,
            _ => throw SlipwayException.Invalid($"Invalid authentication mode '{options.Authentication}': expected 'auto' or 'required'."),
        };

        var banner = new List<string>();
        if (!string.IsNullOrEmpty(options.AdminPassword))
        {
            UserNames.Validate(options.AdminUser);
            PasswordRules.Validate(options.AdminPassword);
            try
            {
                await store.CreateUserAsync(new NewUser(options.AdminUser, PasswordHasher.Hash(options.AdminPassword), true, false), cancellationToken);
                banner.Add($"Created admin user '{options.AdminUser}' from SLIPWAY_ADMIN_PASSWORD.");
            }
            catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceAlreadyExists)
            {
                // The admin exists already; its password is whatever it was changed to since, not the variable's.
            }
        }

        var hasUsers = (await store.ListUsersAsync(cancellationToken)).Count > 0;
        if (hasUsers)
        {
            banner.Add("Authentication: required (HTTP Basic or bearer token).");
            return (new SecurityState(false, null), banner);
        }

        if (required || !loopbackOnly)
        {
            if (!required)
            {
                throw SlipwayException.Invalid(
                    $"Refusing to listen on {options.Host} without authentication: no users exist. Set SLIPWAY_ADMIN_PASSWORD (and optionally "
                    + "SLIPWAY_ADMIN_USER) to create the first admin, or start with --auth required to get a one-time setup token.");
            }

            var setupToken = SecurityState.NewSetupToken();
            banner.Add("Authentication: required. No users exist yet; create the first admin with this one-time setup token:");
            banner.Add($"  slipway setup --token {setupToken} --user admin");
            return (new SecurityState(false, setupToken), banner);
        }

        banner.Add("Authentication: OFF - single-user mode (loopback address, no users). Anyone who can reach this port acts as admin.");
        banner.Add("  Create an admin (slipway users create NAME --admin) to turn authentication on.");
        return (new SecurityState(true, null), banner);
    }

    /// <summary>Whether every address the server listens on is a loopback address.</summary>
    public static bool IsLoopback(IPAddress? address) => address is null || IPAddress.IsLoopback(address);
}
