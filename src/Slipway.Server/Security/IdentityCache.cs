using System.Collections.Concurrent;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Server.Security;

/// <summary>
/// Short-lived memory of what authentication and authorization read from the store, so a request costs a
/// dictionary lookup rather than queries and an Argon2 verification (ADR 0007). Entries expire after
/// <see cref="Lifetime"/>; changes made through this process clear everything at once, and another process sharing
/// the store sees them within the lifetime.
/// </summary>
public sealed class IdentityCache(IMetadataStore store, TimeProvider time)
{
    /// <summary>How long an entry is trusted.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry<UserAccess>> _access = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<User>> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<(ApiTokenInfo Token, User User)>> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PasswordEntry> _passwords = new(StringComparer.Ordinal);
    private Entry<HashSet<string>>? _workspaces;
    private long _generation;

    /// <summary>Forgets everything; called after every change to users, tokens, memberships or grants.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _access.Clear();
        _users.Clear();
        _tokens.Clear();
        _workspaces = null;
    }

    public ValueTask<UserAccess> GetAccessAsync(string user, CancellationToken cancellationToken) =>
        GetAsync(_access, user, async ct => new UserAccess(await store.ListMembershipsAsync(user, ct), await store.ListResourceGrantsAsync(user, ct)), cancellationToken);

    /// <summary>The user, or null when it no longer exists.</summary>
    public async ValueTask<User?> GetUserAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(_users, name, ct => store.GetUserAsync(name, ct), cancellationToken);
        }
        catch (Core.Errors.SlipwayException ex) when (ex.Code == Core.Errors.ErrorCode.ResourceDoesNotExist)
        {
            return null;
        }
    }

    /// <summary>A token and its user by the token's hash (hex); null when unknown.</summary>
    public async ValueTask<(ApiTokenInfo Token, User User)?> GetTokenAsync(string hashHex, byte[] hash, CancellationToken cancellationToken)
    {
        if (TryGetFresh(_tokens, hashHex, out var cached))
        {
            return cached;
        }

        var generation = Volatile.Read(ref _generation);
        var token = await store.FindApiTokenAsync(hash, cancellationToken);
        if (token is null || await GetUserAsync(token.User, cancellationToken) is not { } user)
        {
            return null;
        }

        Remember(_tokens, hashHex, (token, user), generation);
        return (token, user);
    }

    /// <summary>
    /// The user a (user, password) pair was verified as, keyed by a hash of both (never the password), with the stored
    /// hash it matched. Not <c>Fresh</c> once the entry is older than <see cref="Lifetime"/> or anything changed since:
    /// the caller then compares the stored hash again, which costs a read instead of an Argon2 verification.
    /// </summary>
    public (User User, string PasswordHash, bool Fresh)? GetVerifiedPassword(string credentialKey)
    {
        if (!_passwords.TryGetValue(credentialKey, out var entry))
        {
            return null;
        }

        var fresh = entry.Generation == Volatile.Read(ref _generation) && time.GetElapsedTime(entry.Stamp) <= Lifetime;
        return (entry.User, entry.PasswordHash, fresh);
    }

    public void RememberVerifiedPassword(string credentialKey, User user, string passwordHash, long generation)
    {
        if (Volatile.Read(ref _generation) != generation)
        {
            return;
        }

        if (_passwords.Count >= MaxEntries)
        {
            _passwords.Clear();
        }

        _passwords[credentialKey] = new PasswordEntry(user, passwordHash, time.GetTimestamp(), generation);
    }

    /// <summary>The current generation, taken before a slow verification so a change made meanwhile is not undone by caching.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public async ValueTask<bool> WorkspaceExistsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_workspaces is not { } entry || time.GetElapsedTime(entry.Stamp, now) > Lifetime)
        {
            entry = new Entry<HashSet<string>>([.. await store.ListWorkspacesAsync(cancellationToken)], now);
            _workspaces = entry;
        }

        return entry.Value.Contains(workspaceId);
    }

    private async ValueTask<T> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> map, string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (TryGetFresh(map, key, out var cached))
        {
            return cached;
        }

        var generation = Volatile.Read(ref _generation);
        var value = await load(cancellationToken);
        Remember(map, key, value, generation);
        return value;
    }

    private bool TryGetFresh<T>(ConcurrentDictionary<string, Entry<T>> map, string key, out T value)
    {
        if (map.TryGetValue(key, out var entry) && time.GetElapsedTime(entry.Stamp) <= Lifetime)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    private void Remember<T>(ConcurrentDictionary<string, Entry<T>> map, string key, T value, long generation)
    {
        if (Volatile.Read(ref _generation) != generation)
        {
            return;
        }

        if (map.Count >= MaxEntries)
        {
            map.Clear();
        }

        map[key] = new Entry<T>(value, time.GetTimestamp());
    }

    private sealed record Entry<T>(T Value, long Stamp);

    private sealed record PasswordEntry(User User, string PasswordHash, long Stamp, long Generation);
}
