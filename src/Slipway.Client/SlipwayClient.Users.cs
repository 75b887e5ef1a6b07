using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Security;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>Every user of the server (admins only).</summary>
    public async Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, "users", WireJsonContext.Default.UsersResponse, cancellationToken);
        return response.Users?.Select(u => u.ToDomain()).ToArray() ?? [];
    }

    /// <summary>
    /// Creates a user (admins only). A person gets a <paramref name="password"/>; a service account
    /// (<paramref name="serviceAccount"/>) gets none and signs in with API tokens only.
    /// </summary>
    public async Task<User> CreateUserAsync(
        string username, string? password, bool admin = false, bool serviceAccount = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        if (serviceAccount != password is null)
        {
            throw new ArgumentException("A service account has no password, and every other user needs one.", nameof(password));
        }

        var request = new CreateUserRequest { Username = username, Password = password, Admin = admin, ServiceAccount = serviceAccount };
        var response = await NativeAsync(HttpMethod.Post, "users", request, WireJsonContext.Default.CreateUserRequest, WireJsonContext.Default.UserResponse, cancellationToken);
        return RequireUser(response.User);
    }

    /// <summary>One user (admins, or the user itself).</summary>
    public async Task<User> GetUserAsync(string username, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, $"users/{PathSegment(username)}", WireJsonContext.Default.UserResponse, cancellationToken);
        return RequireUser(response.User);
    }

    /// <summary>Sets a user's password (admins, or the user itself).</summary>
    public async Task SetPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        await NativeAsync(
            HttpMethod.Put, $"users/{PathSegment(username)}/password", new PasswordRequest { Password = password },
            WireJsonContext.Default.PasswordRequest, WireJsonContext.Default.EmptyResponse, cancellationToken);
    }

    /// <summary>Makes a user a server admin, or takes it back (admins only).</summary>
    public async Task SetAdminAsync(string username, bool admin, CancellationToken cancellationToken = default) =>
        await NativeAsync(
            HttpMethod.Put, $"users/{PathSegment(username)}/admin", new AdminFlagRequest { Admin = admin },
            WireJsonContext.Default.AdminFlagRequest, WireJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Deletes a user with its tokens, memberships and permissions (admins only).</summary>
    public async Task DeleteUserAsync(string username, CancellationToken cancellationToken = default) =>
        await NativeAsync(HttpMethod.Delete, $"users/{PathSegment(username)}", WireJsonContext.Default.EmptyResponse, cancellationToken);
}
