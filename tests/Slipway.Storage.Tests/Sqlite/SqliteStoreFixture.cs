using Microsoft.Data.Sqlite;
using Slipway.Storage.Sqlite;
using Slipway.Storage.Tests.Support;

namespace Slipway.Storage.Tests.Sqlite;

/// <summary>SQLite databases in a temporary directory that is deleted with the fixture.</summary>
public sealed class SqliteStoreFixture : StoreFixture
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("slipway-storage-tests-").FullName;
    private int _databases;

    public string Directory => _directory;

    public override Task<string> CreateDatabaseAsync() =>
        Task.FromResult($"sqlite:///{Path.Combine(_directory, $"store-{Interlocked.Increment(ref _databases)}.db")}");

    public override async Task<string> CreateDatabaseAtSchemaVersionAsync(int schemaVersion)
    {
        var uri = await CreateDatabaseAsync();
        await SqliteMetadataStore.MigrateOnlyAsync(SqliteStoreUri.ParsePath(uri), Options, schemaVersion, CancellationToken.None);
        return uri;
    }

    public override async Task ExecuteSqlAsync(string storeUri, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={SqliteStoreUri.ParsePath(storeUri)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<long> QueryInt64Async(string storeUri, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={SqliteStoreUri.ParsePath(storeUri)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override Task DeleteDatabasesAsync()
    {
        System.IO.Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
