using Slipway.Core.Errors;
using Slipway.Core.Stores;

namespace Slipway.Storage.Tests;

public sealed class MetadataStoreFactoryTests
{
    [Theory]
    [InlineData("mysql://user:pw@host/db", "mysql")]
    [InlineData("file:///tmp/x.db", "file")]
    [InlineData("just-a-path.db", "(none)")]
    public async Task OpenAsync_rejects_an_unsupported_scheme_naming_it(string uri, string scheme)
    {
        var error = await Assert.ThrowsAsync<SlipwayException>(() => MetadataStoreFactory.OpenAsync(uri, new StoreOptions()));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains($"'{scheme}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_rejects_an_empty_uri()
    {
        var error = await Assert.ThrowsAsync<SlipwayException>(() => MetadataStoreFactory.OpenAsync(" ", new StoreOptions()));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public async Task OpenAsync_rejects_a_sqlite_directory_that_does_not_exist()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"slipway-missing-{Guid.NewGuid():N}", "store.db");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => MetadataStoreFactory.OpenAsync($"sqlite:///{missing}", new StoreOptions()));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public async Task OpenAsync_rejects_a_sqlite_directory_that_is_not_writable()
    {
        // Even root cannot create files in /proc.
        var error = await Assert.ThrowsAsync<SlipwayException>(() => MetadataStoreFactory.OpenAsync("sqlite:////proc/slipway.db", new StoreOptions()));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("not writable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_reports_an_unreachable_postgres_server_by_location_without_the_password()
    {
        var error = await Assert.ThrowsAsync<SlipwayException>(() =>
            MetadataStoreFactory.OpenAsync("postgresql://someone:s3cret@127.0.0.1:1/mlflow?connect_timeout=5", new StoreOptions()));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith("Cannot connect to PostgreSQL at 127.0.0.1:1/mlflow: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_uses_the_default_artifact_root_for_experiment_0_and_new_experiments()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-factory-");
        try
        {
            await using var store = await MetadataStoreFactory.OpenAsync(
                $"sqlite:///{directory.FullName}/store.db",
                new StoreOptions { DefaultArtifactRoot = "s3://bucket/prefix/", SqliteSynchronous = SqliteSynchronousMode.Normal });

            Assert.Equal("s3://bucket/prefix/0", (await store.GetExperimentAsync(Workspaces.Default, "0")).ArtifactLocation);
            var id = await store.CreateExperimentAsync(Workspaces.Default, "e", null, []);
            Assert.Equal($"s3://bucket/prefix/{id}", (await store.GetExperimentAsync(Workspaces.Default, id)).ArtifactLocation);
            Assert.Equal("sqlite", store.Kind);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void StoreOptions_default_to_mlflow_artifacts_the_system_clock_and_full_sync()
    {
        var options = new StoreOptions();

        Assert.Equal("mlflow-artifacts:/", options.DefaultArtifactRoot);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Equal(SqliteSynchronousMode.Full, options.SqliteSynchronous);
    }
}
