using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Security;

namespace Slipway.Client;

// Signing up and signing in: the first admin and the caller's own identity. Users, tokens, workspaces, permissions
// and the audit log have files of their own.
public sealed partial class SlipwayClient
{
    /// <summary>
    /// Creates the first admin on a server started with <c>--auth required</c> and no users, with the one-time setup
    /// token it printed at start (<c>POST /api/v1/setup</c>). Needs no credentials; works once.
    /// </summary>
    public async Task<User> SetupAsync(string setupToken, string username, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(setupToken);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var request = new SetupRequest { SetupToken = setupToken, Username = username, Password = password };
        var response = await NativeAsync(HttpMethod.Post, "setup", request, WireJsonContext.Default.SetupRequest, WireJsonContext.Default.UserResponse, cancellationToken);
        return RequireUser(response.User);
    }

    /// <summary>The user these credentials sign in as, how, and its workspace memberships (<c>GET /api/v1/me</c>).</summary>
    public async Task<CallerIdentity> GetCurrentUserAsync(CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, "me", WireJsonContext.Default.WhoAmIResponse, cancellationToken);
        return new CallerIdentity(
            RequireUser(response.User),
            response.Method ?? string.Empty,
            response.Scopes?.ToArray(),
            response.TokenWorkspace,
            response.Memberships?.Select(m => m.ToDomain()).ToArray() ?? []);
    }

    private static User RequireUser(WireUser? user) =>
        (user ?? throw new InvalidOperationException("The server did not return the user.")).ToDomain();
}
