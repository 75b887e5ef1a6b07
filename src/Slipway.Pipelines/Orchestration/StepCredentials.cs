using System.Security.Cryptography;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Issues a step the credentials it logs with: an API token of the user who started the pipeline, scoped to
/// <c>write</c> in the run's workspace, expiring after the step's timeout (or a day), and revoked when the step ends.
/// A pipeline started by no stored user (a server in single-user mode) gives its steps no token: none is needed there.
/// </summary>
public sealed class StepCredentials(IIdentityStore identities, TimeProvider clock)
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(1);

    /// <summary>The token and its name (for revoking), or null when there is nobody to issue it for.</summary>
    public async Task<(string Token, string Name)?> IssueAsync(string workspaceId, string? user, string runId, string step, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(user) || !await ExistsAsync(user, cancellationToken))
        {
            return null;
        }

        var token = ApiTokens.NewToken();
        // Token names are unique per user for good (revoked ones stay listed) and at most 64 characters: the run id's
        // start and the step name tell a listing what it was, and a random part keeps each attempt's name new.
        var name = $"step {runId[..Math.Min(8, runId.Length)]} {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))} {step}";
        name = name[..Math.Min(64, name.Length)];
        var expiry = clock.GetUtcNow() + (timeout ?? DefaultLifetime) + TimeSpan.FromMinutes(10);
        await identities.CreateApiTokenAsync(
            new NewApiToken(user, name, ApiTokens.Hash(token), ApiTokens.DisplayPrefix(token), [TokenScopes.Write], workspaceId, expiry.ToUnixTimeMilliseconds()),
            cancellationToken);
        return (token, name);
    }

    private async Task<bool> ExistsAsync(string user, CancellationToken cancellationToken)
    {
        try
        {
            await identities.GetUserAsync(user, cancellationToken);
            return true;
        }
        catch (SlipwayException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            // The identity of a server in single-user mode, which no token can be issued for (nor is needed).
            return false;
        }
    }

    public async Task RevokeAsync(string user, string name, CancellationToken cancellationToken)
    {
        try
        {
            await identities.RevokeApiTokenAsync(user, name, cancellationToken);
        }
        catch (SlipwayException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            // Already gone: revoked by its owner, or never issued because the step failed first.
        }
    }
}
