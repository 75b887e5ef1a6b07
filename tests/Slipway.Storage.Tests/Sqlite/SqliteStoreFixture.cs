using Slipway.Core.Stores;
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

    public override async Task<IMetadataStore> OpenAtSchemaVersionAsync(string storeUri, int schemaVersion) =>
        await SqliteMetadataStore.OpenAsync(SqliteStoreUri.ParsePath(storeUri), Options, CancellationToken.None, schemaVersion);

    protected override Task DeleteDatabasesAsync()
    {
        System.IO.Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
