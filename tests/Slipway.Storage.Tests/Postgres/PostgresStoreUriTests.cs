using Npgsql;
using Slipway.Core.Errors;
using Slipway.Storage.Postgres;

namespace Slipway.Storage.Tests.Postgres;

public sealed class PostgresStoreUriTests
{
    [Theory]
    [InlineData("postgresql://ann:pw@db.example.com:6543/mlflow")]
    [InlineData("postgres://ann:pw@db.example.com:6543/mlflow")]
    [InlineData("postgresql+psycopg2://ann:pw@db.example.com:6543/mlflow")]
    public void Every_mlflow_scheme_converts_to_the_same_connection(string uri)
    {
        var builder = PostgresStoreUri.Parse(uri);

        Assert.Equal("db.example.com", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("mlflow", builder.Database);
        Assert.Equal("ann", builder.Username);
        Assert.Equal("pw", builder.Password);
    }

    [Fact]
    public void User_and_password_are_percent_decoded()
    {
        var builder = PostgresStoreUri.Parse("postgresql://ann%40corp:p%40ss%3Aw%2Fo%23rd@localhost/mlflow");

        Assert.Equal("ann@corp", builder.Username);
        Assert.Equal("p@ss:w/o#rd", builder.Password);
    }

    [Fact]
    public void Port_defaults_to_5432_and_sslmode_is_carried_over()
    {
        var builder = PostgresStoreUri.Parse("postgresql://ann@localhost/mlflow?sslmode=require&application_name=slipway");

        Assert.Equal(5432, builder.Port);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("slipway", builder.ApplicationName);
        Assert.Null(builder.Password);
    }

    [Theory]
    [InlineData("postgresql://ann:pw@localhost", "database name is missing")]
    [InlineData("postgresql://ann:pw@localhost/", "database name is missing")]
    [InlineData("postgresql://ann:pw@localhost/db?sslmode=sometimes", "unknown sslmode")]
    [InlineData("postgresql://ann:pw@localhost/db?pool=5", "'pool' is not supported")]
    public void Malformed_uris_are_rejected_without_echoing_the_password(string uri, string reason)
    {
        var error = Assert.Throws<SlipwayException>(() => PostgresStoreUri.Parse(uri));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message, StringComparison.Ordinal);
    }
}
