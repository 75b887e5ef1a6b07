using Slipway.Core.Data;
using Slipway.Core.Errors;
using Xunit;

namespace Slipway.Core.Tests.Data;

public sealed class ContentHashTests
{
    [Fact]
    public async Task The_hash_is_sha256_in_lower_case_hex_from_bytes_or_a_stream()
    {
        const string empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        Assert.Equal(empty, ContentHash.Of([]).Hex);
        Assert.Equal(empty, (await ContentHash.OfAsync(new MemoryStream())).Hex);
        Assert.Equal(ContentHash.Parse(empty), ContentHash.Of([]));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.Of("abc"u8).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [InlineData("../b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Anything_but_64_lower_case_hex_digits_is_refused(string? text)
    {
        Assert.False(ContentHash.TryParse(text, out _));
        var error = Assert.Throws<SlipwayException>(() => ContentHash.Parse(text));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }
}
