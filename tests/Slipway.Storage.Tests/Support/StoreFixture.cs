using Slipway.Core.Stores;

namespace Slipway.Storage.Tests.Support;

/// <summary>
/// One database per test class: the shared store the contract tests run against, plus fresh empty databases
/// on demand (migration tests). Everything it creates is removed on dispose.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private IMetadataStore? _store;

    public StoreOptions Options { get; } = new()
    {
        DefaultArtifactRoot = "mlflow-artifacts:/",
        TimeProvider = new SteppingClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)),
    };

    public IMetadataStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync() => _store = await MetadataStoreFactory.OpenAsync(await CreateDatabaseAsync(), Options);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await DeleteDatabasesAsync();
    }

    /// <summary>A store URI naming a new, empty database.</summary>
    public abstract Task<string> CreateDatabaseAsync();

    /// <summary>A new database with migrations applied only up to <paramref name="schemaVersion"/>: an older Slipway's schema.</summary>
    public abstract Task<string> CreateDatabaseAtSchemaVersionAsync(int schemaVersion);

    /// <summary>Runs SQL directly against a database, as an older Slipway would have written its data.</summary>
    public abstract Task ExecuteSqlAsync(string storeUri, string sql);

    /// <summary>The first column of the first row of a query run directly against a database, as a number.</summary>
    public abstract Task<long> QueryInt64Async(string storeUri, string sql);

    /// <summary>Removes every database this fixture created.</summary>
    protected abstract Task DeleteDatabasesAsync();
}
