using Npgsql;
using Slipway.Storage.Postgres;
using Slipway.Storage.Tests.Support;

namespace Slipway.Storage.Tests.Postgres;

/// <summary>
/// Fresh PostgreSQL databases (<c>slipway_test_&lt;guid&gt;</c>) on the server named by SLIPWAY_TEST_POSTGRES,
/// dropped with the fixture. Without the variable every PostgreSQL test fails, saying how to set it.
/// </summary>
public sealed class PostgresStoreFixture : StoreFixture
{
    public const string Variable = "SLIPWAY_TEST_POSTGRES";

    private readonly List<string> _databases = [];

    public static string ServerUri =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri
            ? uri
            : throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL contract tests need a server where they may CREATE DATABASE: " +
                $"run `scripts/start-postgres.sh /tmp/slipway-pg` and export {Variable}=<the URI it prints> " +
                "(postgresql://slipway:slipway@127.0.0.1:55432/postgres).");

    public override async Task<string> CreateDatabaseAsync()
    {
        var name = $"slipway_test_{Guid.NewGuid():N}";
        await using (var admin = await OpenAdminAsync())
        {
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await command.ExecuteNonQueryAsync();
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new UriBuilder(ServerUri) { Path = "/" + name }.Uri.ToString();
    }

    public override async Task<string> CreateDatabaseAtSchemaVersionAsync(int schemaVersion)
    {
        var uri = await CreateDatabaseAsync();
        await PostgresMetadataStore.MigrateOnlyAsync(PostgresStoreUri.Parse(uri), Options, schemaVersion, CancellationToken.None);
        return uri;
    }

    public override async Task ExecuteSqlAsync(string storeUri, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresStoreUri.Parse(storeUri).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<long> QueryInt64Async(string storeUri, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresStoreUri.Parse(storeUri).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override async Task DeleteDatabasesAsync()
    {
        if (_databases.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenAdminAsync();
        foreach (var name in _databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(PostgresStoreUri.Parse(ServerUri).ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
