using Slipway.Storage.Tests.Contract;

namespace Slipway.Storage.Tests.Postgres;

/// <summary>The metadata store contract against PostgreSQL (see <see cref="PostgresStoreFixture"/> for set-up).</summary>
public sealed class PostgresMetadataStoreTests(PostgresStoreFixture fixture) : MetadataStoreContract(fixture), IClassFixture<PostgresStoreFixture>
{
}
