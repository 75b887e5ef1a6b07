using Slipway.Storage.Tests.Contract;

namespace Slipway.Storage.Tests.Sqlite;

/// <summary>The metadata store contract against SQLite.</summary>
public sealed class SqliteMetadataStoreTests(SqliteStoreFixture fixture) : MetadataStoreContract(fixture), IClassFixture<SqliteStoreFixture>
{
}
