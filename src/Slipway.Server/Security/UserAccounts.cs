using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Server.Security;

/// <summary>
/// The rules for changing users that the native and the MLflow-compatible APIs share: validated names and
/// passwords, hashed before storage, single-user mode ended by the first (admin) user, and never removing the last admin.
/// </summary>
public static class UserAccounts
{
    public static async Task<User> CreateAsync(
        IIdentityStore store, IdentityCache cache, SecurityState state, string? name, string? password, bool admin, bool serviceAccount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(state);
        UserNames.Validate(name);
        if (serviceAccount)
        {
            if (password is not null)
            {
                throw SlipwayException.Invalid("Invalid value for parameter 'password': a service account has no password; it signs in with API tokens.");
            }
        }
        else
        {
            PasswordRules.Validate(password);
        }

        if (state.SingleUser && !admin)
        {
            throw SlipwayException.Invalid(
                "The first user ends single-user mode and turns authentication on, so it must be an admin (admin: true, or --admin on the CLI).");
        }

        var user = await store.CreateUserAsync(
            new NewUser(name!, serviceAccount ? null : PasswordHasher.Hash(password!), admin, serviceAccount), cancellationToken);
        cache.Invalidate();
        state.EndSingleUser();
        return user;
    }

    public static async Task SetPasswordAsync(IIdentityStore store, IdentityCache cache, string name, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cache);
        PasswordRules.Validate(password);
        var user = await store.GetUserAsync(name, cancellationToken);
        if (user.IsServiceAccount)
        {
            throw SlipwayException.Invalid($"{name} is a service account: it signs in with API tokens and has no password.");
        }

        await store.SetPasswordHashAsync(name, PasswordHasher.Hash(password!), cancellationToken);
        cache.Invalidate();
    }

    public static async Task SetAdminAsync(IIdentityStore store, IdentityCache cache, string name, bool? admin, string field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cache);
        if (admin is not { } isAdmin)
        {
            throw SlipwayException.Invalid($"Missing value for parameter '{field}'.");
        }

        var user = await store.GetUserAsync(name, cancellationToken);
        if (!isAdmin && user.IsAdmin)
        {
            await RequireAnotherAdminAsync(store, name, cancellationToken);
        }

        await store.SetAdminAsync(name, isAdmin, cancellationToken);
        cache.Invalidate();
    }

    public static async Task DeleteAsync(IIdentityStore store, IdentityCache cache, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cache);
        var user = await store.GetUserAsync(name, cancellationToken);
        if (user.IsAdmin)
        {
            await RequireAnotherAdminAsync(store, name, cancellationToken);
        }

        await store.DeleteUserAsync(name, cancellationToken);
        cache.Invalidate();
    }

    private static async Task RequireAnotherAdminAsync(IIdentityStore store, string name, CancellationToken cancellationToken)
    {
        var admins = (await store.ListUsersAsync(cancellationToken)).Count(u => u.IsAdmin && u.Name != name);
        if (admins == 0)
        {
            throw SlipwayException.Invalid($"{name} is the last server admin; make another user an admin first.");
        }
    }
}
