namespace Slipway.IntegrationTests.Mlflow;

/// <summary>The runs of <see cref="SearchRunsFixture"/> on a fresh PostgreSQL database.</summary>
public sealed class PostgresSearchRunsFixture : SearchRunsFixture
{
    protected override bool UsePostgres => true;
}
