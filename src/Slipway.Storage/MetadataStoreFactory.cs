using Slipway.Core.Errors;
using Slipway.Core.Stores;
using Slipway.Storage.Postgres;
using Slipway.Storage.Sqlite;

namespace Slipway.Storage;

/// <summary>Opens the metadata store a store URI names, applying pending schema migrations.</summary>
public static class MetadataStoreFactory
{
    /// <summary>
    /// Opens <c>sqlite:///relative/path.db</c>, <c>sqlite:////absolute/path.db</c> or
    /// <c>postgresql://user:password@host:port/database?sslmode=...</c> (also <c>postgres://</c> and
    /// <c>postgresql+psycopg2://</c>). A bad URI, a missing or read-only SQLite directory and an unreachable
    /// PostgreSQL server fail with <see cref="ErrorCode.InvalidParameterValue"/> and a message saying which.
    /// </summary>
    public static async Task<IMetadataStore> OpenAsync(string storeUri, StoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(storeUri))
        {
            throw SlipwayException.Invalid("The metadata store URI is empty. Use sqlite:///path.db or postgresql://user:password@host:port/database.");
        }

        var colon = storeUri.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? storeUri[..colon].ToLowerInvariant() : string.Empty;
        if (scheme == "sqlite")
        {
            return await SqliteMetadataStore.OpenAsync(SqliteStoreUri.ParsePath(storeUri), options, cancellationToken);
        }

        if (PostgresStoreUri.HasPostgresScheme(scheme))
        {
            return await PostgresMetadataStore.OpenAsync(PostgresStoreUri.Parse(storeUri), options, cancellationToken);
        }

        throw SlipwayException.Invalid(
            $"Unsupported metadata store URI scheme '{(scheme.Length > 0 ? scheme : "(none)")}'. Use sqlite:///path.db or postgresql://user:password@host:port/database.");
    }
}
