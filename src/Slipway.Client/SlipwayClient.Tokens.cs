using Slipway.Client.Http;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>The API tokens of <paramref name="user"/> (null: the caller's own; others' need an admin).</summary>
    public async Task<IReadOnlyList<ApiToken>> ListApiTokensAsync(string? user = null, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, "tokens" + new QueryStringBuilder().Add("user", user), WireJsonContext.Default.TokensResponse, cancellationToken);
        return response.Tokens?.Select(t => t.ToDomain()).ToArray() ?? [];
    }

    /// <summary>
    /// Creates an API token, returned this once (<c>POST /api/v1/tokens</c>). Clients send it as
    /// <c>MLFLOW_TRACKING_TOKEN</c>.
    /// </summary>
    /// <param name="name">Names the token among its user's tokens, to list and revoke it by.</param>
    /// <param name="scopes">What the token may do (<see cref="Slipway.Core.Security.TokenScopes"/>); none gives the server's default, <c>write</c>.</param>
    /// <param name="workspace">The only workspace the token works in; null for every workspace its user can reach.</param>
    /// <param name="expiresInDays">Days until the token expires (1 to 3650); null never expires.</param>
    /// <param name="user">Whose token it is; null for the caller (others need an admin).</param>
    public async Task<CreatedApiToken> CreateApiTokenAsync(
        string name,
        IEnumerable<string>? scopes = null,
        string? workspace = null,
        int? expiresInDays = null,
        string? user = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var scopeList = scopes?.ToList();
        var request = new CreateTokenRequest
        {
            Name = name,
            User = user,
            Scopes = scopeList is { Count: > 0 } ? scopeList : null,
            Workspace = workspace,
            ExpiresInDays = expiresInDays,
        };
        var response = await NativeAsync(HttpMethod.Post, "tokens", request, WireJsonContext.Default.CreateTokenRequest, WireJsonContext.Default.CreateTokenResponse, cancellationToken);
        if (response.Token is not { Length: > 0 } token || response.Info is null)
        {
            throw new InvalidOperationException("The server did not return the new token.");
        }

        return new CreatedApiToken(token, response.Info.ToDomain());
    }

    /// <summary>Revokes an API token at once (of <paramref name="user"/>, or the caller's own when null).</summary>
    public async Task RevokeApiTokenAsync(string name, string? user = null, CancellationToken cancellationToken = default) =>
        await NativeAsync(
            HttpMethod.Delete, $"tokens/{PathSegment(name)}" + new QueryStringBuilder().Add("user", user), WireJsonContext.Default.EmptyResponse, cancellationToken);
}
