using System.Data.Common;
using Slipway.Core.Security;

namespace Slipway.Storage.Sql.Security;

/// <summary>The users table.</summary>
internal static class UserRepository
{
    private const string Columns = "user_id, name, is_admin, is_service_account, creation_time";

    public static async Task<User> CreateAsync(SqlSession session, NewUser user, CancellationToken cancellationToken)
    {
        var now = session.Options.NowMillis();
        var inserted = await session.ScalarAsync(
            """
            INSERT INTO users (name, password_hash, is_admin, is_service_account, creation_time)
            VALUES (@name, @hash, @admin, @service, @now)
            ON CONFLICT DO NOTHING
            RETURNING user_id
            """,
            cancellationToken,
            ("@name", user.Name),
            ("@hash", user.PasswordHash),
            ("@admin", user.IsAdmin ? 1 : 0),
            ("@service", user.IsServiceAccount ? 1 : 0),
            ("@now", now));
        return inserted is null
            ? throw StoreErrors.UserNameTaken(user.Name)
            : new User(Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture), user.Name, user.IsAdmin, user.IsServiceAccount, now);
    }

    public static async Task<User> GetAsync(SqlSession session, string name, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync($"SELECT {Columns} FROM users WHERE name = @name", cancellationToken, ("@name", name));
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : throw StoreErrors.UserNotFound(name);
    }

    public static async Task<IReadOnlyList<User>> ListAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var users = new List<User>();
        await using var reader = await session.ReadAsync($"SELECT {Columns} FROM users ORDER BY name", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    public static async Task<string?> GetPasswordHashAsync(SqlSession session, string name, CancellationToken cancellationToken) =>
        await session.ScalarAsync("SELECT password_hash FROM users WHERE name = @name", cancellationToken, ("@name", name)) as string;

    public static Task SetPasswordHashAsync(SqlSession session, string name, string passwordHash, CancellationToken cancellationToken) =>
        UpdateAsync(session, name, "password_hash = @value", passwordHash, cancellationToken);

    public static Task SetAdminAsync(SqlSession session, string name, bool isAdmin, CancellationToken cancellationToken) =>
        UpdateAsync(session, name, "is_admin = @value", isAdmin ? 1 : 0, cancellationToken);

    public static async Task DeleteAsync(SqlSession session, string name, CancellationToken cancellationToken)
    {
        if (await session.ExecuteAsync("DELETE FROM users WHERE name = @name", cancellationToken, ("@name", name)) == 0)
        {
            throw StoreErrors.UserNotFound(name);
        }
    }

    /// <summary>The user's internal key, which other identity tables reference.</summary>
    public static async Task<long> GetKeyAsync(SqlSession session, string name, CancellationToken cancellationToken) =>
        await session.ScalarAsync("SELECT user_id FROM users WHERE name = @name", cancellationToken, ("@name", name)) is { } id
            ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)
            : throw StoreErrors.UserNotFound(name);

    private static async Task UpdateAsync(SqlSession session, string name, string assignment, object value, CancellationToken cancellationToken)
    {
        if (await session.ExecuteAsync($"UPDATE users SET {assignment} WHERE name = @name", cancellationToken, ("@value", value), ("@name", name)) == 0)
        {
            throw StoreErrors.UserNotFound(name);
        }
    }

    private static User Read(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) != 0, reader.GetInt64(3) != 0, reader.GetInt64(4));
}
