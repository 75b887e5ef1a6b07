namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>
/// A server on the PostgreSQL store named by <c>SLIPWAY_TEST_POSTGRES</c> (a <c>postgresql://</c> URI). The database
/// is shared with other runs, so tests name everything uniquely. Without the variable every test in the class
/// fails with a message saying how to set it.
/// </summary>
public sealed class PostgresServerFixture : SlipwayServerFixture
{
    public const string Variable = "SLIPWAY_TEST_POSTGRES";

    protected override string? StoreUri =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri
            ? uri
            : throw new InvalidOperationException(
                $"{Variable} is not set. Point it at a PostgreSQL database the tests may write to, for example " +
                $"{Variable}=postgresql://postgres:postgres@localhost:5432/slipway_test, or filter these tests out with --filter Category!=Postgres.");
}
