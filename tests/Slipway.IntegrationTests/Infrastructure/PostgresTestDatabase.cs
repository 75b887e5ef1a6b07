using Npgsql;

namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh database (<c>slipway_itest_&lt;guid&gt;</c>) on the PostgreSQL server named by <c>SLIPWAY_TEST_POSTGRES</c>,
/// dropped on dispose. Npgsql comes with Slipway.Storage. Without the variable, creating one fails with a message
/// that says how to set it.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "SLIPWAY_TEST_POSTGRES";

    private readonly string _name;

    private PostgresTestDatabase(string name, string uri)
    {
        _name = name;
        Uri = uri;
    }

    /// <summary>The store URI of the new database, for <c>--store</c> or <c>ServerOptions.StoreUri</c>.</summary>
    public string Uri { get; }

    public static string ServerUri =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri
            ? uri
            : throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL server tests need a server where they may CREATE DATABASE: " +
                $"run `scripts/start-postgres.sh /tmp/slipway-pg` and export {Variable}=<the URI it prints> " +
                "(postgresql://slipway:slipway@127.0.0.1:55432/postgres), or leave them out with --filter Category!=Postgres.");

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = ServerUri;
        var name = $"slipway_itest_{Guid.NewGuid():N}";
        await using (var admin = await OpenAdminAsync(server))
        {
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await command.ExecuteNonQueryAsync();
        }

        return new PostgresTestDatabase(name, new UriBuilder(server) { Path = "/" + name }.Uri.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await using var admin = await OpenAdminAsync(ServerUri);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync(string serverUri)
    {
        var uri = new Uri(serverUri);
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Username = System.Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? System.Uri.UnescapeDataString(userInfo[1]) : null,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? database : "postgres",
            Pooling = false,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
