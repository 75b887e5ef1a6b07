using Microsoft.Data.Sqlite;
using Slipway.Storage.Sqlite;

namespace Slipway.Storage.Tests.Sqlite;

public sealed class SqliteDialectTests
{
    [Theory]
    [InlineData("abc%", "abc*")]
    [InlineData("a_c", "a?c")]
    [InlineData("100*[x]?", "100[*][[]x][?]")]
    public void LIKE_patterns_become_case_sensitive_GLOB_patterns(string like, string glob)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var dialect = new SqliteDialect(connection);

        Assert.Equal(glob, dialect.LikePattern(like));
    }
}
