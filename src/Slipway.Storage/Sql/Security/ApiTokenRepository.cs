using System.Data.Common;
using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Storage.Sql.Security;

/// <summary>The api_tokens table.</summary>
internal static class ApiTokenRepository
{
    private const string Select =
        """
        SELECT t.token_id, u.name, t.name, t.display_prefix, t.scopes, t.default_workspace,
               t.creation_time, t.expiry_time, t.last_used_time, t.revoked_time
        FROM api_tokens t JOIN users u ON u.user_id = t.user_id
        """;

    public static async Task<ApiTokenInfo> CreateAsync(SqlSession session, NewApiToken token, CancellationToken cancellationToken)
    {
        var userId = await UserRepository.GetKeyAsync(session, token.User, cancellationToken);
        var now = session.Options.NowMillis();
        var scopes = string.Join(' ', token.Scopes);
        var inserted = await session.ScalarAsync(
            """
            INSERT INTO api_tokens (user_id, name, token_hash, display_prefix, scopes, default_workspace, creation_time, expiry_time)
            VALUES (@user, @name, @hash, @prefix, @scopes, @workspace, @now, @expiry)
            ON CONFLICT DO NOTHING
            RETURNING token_id
            """,
            cancellationToken,
            ("@user", userId),
            ("@name", token.Name),
            ("@hash", token.TokenHash),
            ("@prefix", token.DisplayPrefix),
            ("@scopes", scopes),
            ("@workspace", token.DefaultWorkspace),
            ("@now", now),
            ("@expiry", token.ExpiryTime));
        if (inserted is null)
        {
            throw SlipwayException.AlreadyExists($"User {token.User} already has a token named '{token.Name}'.");
        }

        return new ApiTokenInfo(
            Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture),
            token.User,
            token.Name,
            token.DisplayPrefix,
            SplitScopes(scopes),
            token.DefaultWorkspace,
            now,
            token.ExpiryTime,
            null,
            null);
    }

    public static async Task<ApiTokenInfo?> FindAsync(SqlSession session, byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync($"{Select} WHERE t.token_hash = @hash", cancellationToken, ("@hash", tokenHash));
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public static async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(SqlSession session, string user, CancellationToken cancellationToken)
    {
        var userId = await UserRepository.GetKeyAsync(session, user, cancellationToken);
        var tokens = new List<ApiTokenInfo>();
        await using var reader = await session.ReadAsync($"{Select} WHERE t.user_id = @user ORDER BY t.name", cancellationToken, ("@user", userId));
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(Read(reader));
        }

        return tokens;
    }

    public static async Task RevokeAsync(SqlSession session, string user, string name, CancellationToken cancellationToken)
    {
        var userId = await UserRepository.GetKeyAsync(session, user, cancellationToken);
        var changed = await session.ExecuteAsync(
            "UPDATE api_tokens SET revoked_time = COALESCE(revoked_time, @now) WHERE user_id = @user AND name = @name",
            cancellationToken,
            ("@now", session.Options.NowMillis()),
            ("@user", userId),
            ("@name", name));
        if (changed == 0)
        {
            throw SlipwayException.NotFound($"User {user} has no token named '{name}'.");
        }
    }

    public static Task TouchAsync(SqlSession session, long id, long time, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "UPDATE api_tokens SET last_used_time = @time WHERE token_id = @id AND (last_used_time IS NULL OR last_used_time < @time)",
            cancellationToken,
            ("@time", time),
            ("@id", id));

    private static ApiTokenInfo Read(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            SplitScopes(reader.GetString(4)),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetInt64(6),
            NullableInt64(reader, 7),
            NullableInt64(reader, 8),
            NullableInt64(reader, 9));

    private static long? NullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static string[] SplitScopes(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
