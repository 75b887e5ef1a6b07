using Slipway.Core.Errors;
using Slipway.Storage.Sqlite;

namespace Slipway.Storage.Tests.Sqlite;

public sealed class SqliteStoreUriTests
{
    [Fact]
    public void Three_slashes_name_a_path_relative_to_the_current_directory() =>
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data", "mlflow.db"), SqliteStoreUri.ParsePath("sqlite:///data/mlflow.db"));

    [Fact]
    public void Four_slashes_name_an_absolute_path() =>
        Assert.Equal("/var/lib/slipway/mlflow.db", SqliteStoreUri.ParsePath("sqlite:////var/lib/slipway/mlflow.db"));

    [Fact]
    public void Percent_escapes_in_the_path_are_decoded() =>
        Assert.Equal("/tmp/my store.db", SqliteStoreUri.ParsePath("sqlite:////tmp/my%20store.db"));

    [Theory]
    [InlineData("sqlite://", "missing")]
    [InlineData("sqlite:///", "missing")]
    [InlineData("sqlite:////", "missing")]
    [InlineData("sqlite:///data/", "missing")]
    [InlineData("sqlite://host/mlflow.db", "no host")]
    [InlineData("sqlite:///mlflow.db?mode=ro", "query parameters")]
    [InlineData("sqlite:/mlflow.db", "must start with")]
    public void Malformed_uris_are_rejected_with_the_reason(string uri, string reason)
    {
        var error = Assert.Throws<SlipwayException>(() => SqliteStoreUri.ParsePath(uri));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
