using Slipway.Core.Security;
using Xunit;

namespace Slipway.Core.Tests.Security;

public sealed class ApiTokensTests
{
    [Fact]
    public void New_tokens_are_well_formed_and_distinct()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => ApiTokens.NewToken()).ToList();

        Assert.All(tokens, t => Assert.True(ApiTokens.IsWellFormed(t)));
        Assert.All(tokens, t => Assert.Equal(47, t.Length));
        Assert.Equal(100, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("slw_")]
    [InlineData("ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("slw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("slw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("slw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("slw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")]
    [InlineData("slw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ")]
    public void Other_text_is_not_a_token(string? text)
    {
        Assert.False(ApiTokens.IsWellFormed(text));
    }

    [Fact]
    public void The_stored_hash_is_stable_and_differs_between_tokens()
    {
        var token = ApiTokens.NewToken();

        Assert.Equal(ApiTokens.Hash(token), ApiTokens.Hash(token));
        Assert.Equal(32, ApiTokens.Hash(token).Length);
        Assert.NotEqual(ApiTokens.Hash(token), ApiTokens.Hash(ApiTokens.NewToken()));
        Assert.Equal(token[..12], ApiTokens.DisplayPrefix(token));
    }

    [Fact]
    public void A_token_is_active_until_it_expires_or_is_revoked()
    {
        var token = new ApiTokenInfo(1, "u", "t", "slw_abcdefgh", [], null, CreationTime: 100, ExpiryTime: 200, LastUsedTime: null, RevokedTime: null);

        Assert.True(token.IsActiveAt(199));
        Assert.False(token.IsActiveAt(200));
        Assert.True((token with { ExpiryTime = null }).IsActiveAt(long.MaxValue));
        Assert.False((token with { RevokedTime = 150 }).IsActiveAt(120));
    }
}
