namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>A <see cref="SlipwayServerFixture"/> on a fresh PostgreSQL database (see <see cref="PostgresTestDatabase"/>).</summary>
public sealed class PostgresServerFixture : SlipwayServerFixture
{
    protected override bool UsePostgres => true;
}
