namespace Slipway.Core.Stores;

/// <summary>
/// A metadata database (SQLite or PostgreSQL) that holds tracking and registry data. Opening one applies
/// pending schema migrations.
/// </summary>
public interface IMetadataStore : ITrackingStore, IModelRegistryStore, IIdentityStore, IAuditLog, IDatasetStore, IPipelineStore, IDeploymentStore, IAsyncDisposable
{
    /// <summary>A short description such as <c>sqlite</c> or <c>postgresql</c>, for server info and logs.</summary>
    string Kind { get; }

    /// <summary>The schema version after migrations.</summary>
    int SchemaVersion { get; }

    /// <summary>Cheap round trip to the database, for readiness checks.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}
