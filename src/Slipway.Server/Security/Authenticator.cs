using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Server.Security;

/// <summary>
/// Reads the <c>Authorization</c> header: HTTP Basic (what MLflow clients send for
/// <c>MLFLOW_TRACKING_USERNAME</c>/<c>PASSWORD</c>; a <c>slw_</c> token as the password works too) and Bearer
/// (an API token, what <c>MLFLOW_TRACKING_TOKEN</c> sends, or an OIDC JWT when configured).
/// </summary>
public sealed class Authenticator(IMetadataStore store, IdentityCache cache, TimeProvider time, OidcTokenValidator? oidc = null)
{
    // Verifying against this when the user does not exist keeps the time of a failure independent of whether
    // the name exists.
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHasher.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

    private const long TouchInterval = 60_000;

    // Throws on invalid bytes, so malformed credentials are refused rather than silently repaired.
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _lastTouched = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<(User? User, bool Verified)>>> _checking = new(StringComparer.Ordinal);

    public async ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers[HeaderNames.Authorization];
        if (header.Count == 0)
        {
            return AuthenticationResult.Anonymous;
        }

        if (header.Count > 1)
        {
            return AuthenticationResult.Failed("More than one Authorization header was sent.");
        }

        var value = header[0] ?? string.Empty;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        var parameter = space < 0 ? string.Empty : value[(space + 1)..].Trim();
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return await AuthenticateBasicAsync(parameter, context.RequestAborted);
        }

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            if (ApiTokens.IsWellFormed(parameter))
            {
                return await AuthenticateTokenAsync(parameter, context.RequestAborted);
            }

            if (oidc is not null)
            {
                return await oidc.ValidateAsync(parameter, cache, context.RequestAborted);
            }

            return AuthenticationResult.Failed("The bearer token is not a Slipway API token (slw_...), and single sign-on is not configured.");
        }

        return AuthenticationResult.Failed($"Unsupported authorization scheme '{Truncate(scheme)}': use Basic or Bearer.");
    }

    private async ValueTask<AuthenticationResult> AuthenticateBasicAsync(string parameter, CancellationToken cancellationToken)
    {
        if (!TryDecodeBasic(parameter, out var user, out var password, out var problem))
        {
            return AuthenticationResult.Failed($"Malformed Basic credentials: {problem}.");
        }

        if (ApiTokens.IsWellFormed(password))
        {
            return await AuthenticateTokenAsync(password, cancellationToken);
        }

        var key = CredentialKey(user, password);
        var known = cache.GetVerifiedPassword(key);
        if (known is { Fresh: true } hit)
        {
            return new AuthenticationResult(new Caller(hit.User.Name, hit.User.IsAdmin, null, null, "basic"), null, user, false);
        }

        // One check per credential at a time: requests that arrive together when the entry goes stale share it.
        var mine = new Lazy<Task<(User? User, bool Verified)>>(() => CheckPasswordAsync(user, password, key, known?.PasswordHash));
        var shared = _checking.GetOrAdd(key, mine);
        (User? User, bool Verified) checkedUser;
        try
        {
            checkedUser = await shared.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _checking.TryRemove(KeyValuePair.Create(key, shared));
        }

        return checkedUser.User is not { } found
            ? AuthenticationResult.Failed("Invalid user name or password.", user)
            : new AuthenticationResult(new Caller(found.Name, found.IsAdmin, null, null, "basic"), null, user, checkedUser.Verified && ReferenceEquals(shared, mine));
    }

    /// <summary>
    /// Checks a password against the store. When it was verified before against the same stored hash, the hash is
    /// unchanged and so is the answer: a read replaces the Argon2 verification (about 150 ms of CPU). Otherwise it
    /// verifies (<c>Verified</c> is then true, which the audit log records as a sign-in).
    /// </summary>
    private async Task<(User? User, bool Verified)> CheckPasswordAsync(string user, string password, string key, string? verifiedHash)
    {
        // Not the request's token: other requests may be waiting for this answer.
        var generation = cache.Generation;
        var stored = await store.GetPasswordHashAsync(user, CancellationToken.None);
        if (stored is not null && verifiedHash is not null && string.Equals(stored, verifiedHash, StringComparison.Ordinal))
        {
            var same = await cache.GetUserAsync(user, CancellationToken.None);
            if (same is not null)
            {
                cache.RememberVerifiedPassword(key, same, stored, generation);
            }

            return (same, false);
        }

        var verified = PasswordHasher.Verify(password, stored ?? DecoyHash.Value) && stored is not null;
        if (!verified || await cache.GetUserAsync(user, CancellationToken.None) is not { } found)
        {
            return (null, true);
        }

        if (PasswordHasher.NeedsRehash(stored!))
        {
            stored = PasswordHasher.Hash(password);
            await store.SetPasswordHashAsync(user, stored, CancellationToken.None);
        }

        cache.RememberVerifiedPassword(key, found, stored!, generation);
        return (found, true);
    }

    private async ValueTask<AuthenticationResult> AuthenticateTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!ApiTokens.IsWellFormed(token))
        {
            return AuthenticationResult.Failed("The API token is malformed.");
        }

        var hash = ApiTokens.Hash(token);
        var found = await cache.GetTokenAsync(Convert.ToHexString(hash), hash, cancellationToken);
        if (found is not { } entry)
        {
            return AuthenticationResult.Failed($"Unknown API token {ApiTokens.DisplayPrefix(token)}...");
        }

        var (info, user) = entry;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (info.RevokedTime is not null)
        {
            return AuthenticationResult.Failed($"API token '{info.Name}' of user {info.User} was revoked.", info.User);
        }

        if (!info.IsActiveAt(now))
        {
            return AuthenticationResult.Failed($"API token '{info.Name}' of user {info.User} has expired.", info.User);
        }

        // Recording every use would add a write to every request; once a minute is enough to say "last used".
        var last = _lastTouched.TryGetValue(info.Id, out var touched) ? touched : info.LastUsedTime ?? long.MinValue / 2;
        var fresh = now - last > TouchInterval;
        if (fresh)
        {
            _lastTouched[info.Id] = now;
            await store.TouchApiTokenAsync(info.Id, now, cancellationToken);
        }

        return new AuthenticationResult(new Caller(user.Name, user.IsAdmin, info.Scopes, info.DefaultWorkspace, "token"), null, user.Name, fresh);
    }

    private static bool TryDecodeBasic(string parameter, out string user, out string password, out string problem)
    {
        user = password = problem = string.Empty;
        if (parameter.Length == 0)
        {
            problem = "no credentials after 'Basic'";
            return false;
        }

        if (parameter.Length > 4096)
        {
            problem = "the credentials are longer than 4096 characters";
            return false;
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(parameter.Length)];
        if (!Convert.TryFromBase64String(parameter, bytes, out var written))
        {
            problem = "not valid base64";
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            problem = "not valid UTF-8";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            problem = colon == 0 ? "the user name is empty" : "expected 'user:password'";
            return false;
        }

        user = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }

    private static string CredentialKey(string user, string password)
    {
        var bytes = Encoding.UTF8.GetBytes(user + "\0" + password);
        return Convert.ToHexString(SHA256.HashData(bytes));
    }

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
