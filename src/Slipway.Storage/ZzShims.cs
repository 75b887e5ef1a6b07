// TEMPORARY: compile-time stand-ins until the storage and core branches merge. Deleted at merge.
#pragma warning disable
using Slipway.Core.Stores;
namespace Slipway.Storage
{
    public enum SqliteSynchronousMode { Normal, Full }
    public sealed class StoreOptions
    {
        public string DefaultArtifactRoot { get; set; } = "mlflow-artifacts:/";
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
        public SqliteSynchronousMode SqliteSynchronous { get; set; } = SqliteSynchronousMode.Full;
    }
    public static class MetadataStoreFactory
    {
        public static Task<IMetadataStore> OpenAsync(string storeUri, StoreOptions options, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    }
}
namespace Slipway.Storage.Artifacts
{
    public sealed class LocalArtifactStore(string root) : IArtifactStore
    {
        public Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default) => throw new NotImplementedException();
        public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default) => throw new NotImplementedException();
        public Task<IReadOnlyList<Slipway.Core.Artifacts.ArtifactEntry>> ListAsync(string path, CancellationToken cancellationToken = default) => throw new NotImplementedException();
        public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    }
}
