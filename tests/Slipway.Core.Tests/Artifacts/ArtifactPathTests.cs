using Slipway.Core.Artifacts;
using Slipway.Core.Errors;
using Xunit;

namespace Slipway.Core.Tests.Artifacts;

public class ArtifactPathTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData(".", "")]
    [InlineData("./", "")]
    [InlineData("model.pkl", "model.pkl")]
    [InlineData("model/MLmodel", "model/MLmodel")]
    [InlineData("a//b", "a/b")]
    [InlineData("a/./b/", "a/b")]
    [InlineData("./a", "a")]
    [InlineData("a b/c d.txt", "a b/c d.txt")]
    [InlineData("100%.txt", "100%.txt")]
    [InlineData("a%20b", "a%20b")]
    [InlineData("a%2520b", "a%2520b")]
    [InlineData("..a/b..", "..a/b..")]
    [InlineData(".hidden/.env", ".hidden/.env")]
    [InlineData("a~/~b", "a~/~b")]
    [InlineData("données/模型.bin", "données/模型.bin")]
    [InlineData("ab:c/d:e", "ab:c/d:e")]
    public void Normalize_returns_a_clean_relative_path(string? path, string expected)
    {
        Assert.Equal(expected, ArtifactPath.Normalize(path));
    }

    [Theory]
    [InlineData("..", "'..' segments are not allowed")]
    [InlineData("../x", "'..' segments are not allowed")]
    [InlineData("a/../../x", "'..' segments are not allowed")]
    [InlineData("a/..", "'..' segments are not allowed")]
    [InlineData("a/.../b", "'...' segments are not allowed")]
    [InlineData("/etc/passwd", "absolute paths are not allowed")]
    [InlineData("//server/share", "absolute paths are not allowed")]
    [InlineData("a\\b", "backslashes are not allowed; use '/' between segments")]
    [InlineData("..\\x", "backslashes are not allowed; use '/' between segments")]
    [InlineData("C:\\x", "backslashes are not allowed; use '/' between segments")]
    [InlineData("C:x", "drive letters are not allowed")]
    [InlineData("c:/windows", "drive letters are not allowed")]
    [InlineData("a:b", "drive letters are not allowed")]
    [InlineData("~/.ssh/id_rsa", "a leading '~' (home directory) is not allowed")]
    [InlineData("~root", "a leading '~' (home directory) is not allowed")]
    [InlineData("%2e%2e/x", "percent-encoded '%2e' is not allowed")]
    [InlineData("%2E%2E%2Fx", "percent-encoded '%2E' is not allowed")]
    [InlineData("..%2fx", "percent-encoded '%2f' is not allowed")]
    [InlineData("a%2Fb", "percent-encoded '%2F' is not allowed")]
    [InlineData("a%5cb", "percent-encoded '%5c' is not allowed")]
    [InlineData("a%5C..", "percent-encoded '%5C' is not allowed")]
    [InlineData("%252e%252e/x", "percent-encoded '%2e' is not allowed")]
    [InlineData("%25252E%25252E", "percent-encoded '%2E' is not allowed")]
    [InlineData("a%252fb", "percent-encoded '%2f' is not allowed")]
    [InlineData("a%00b", "percent-encoded '%00' is not allowed")]
    [InlineData("a%0ab", "percent-encoded '%0a' is not allowed")]
    [InlineData("a\0b", "control characters are not allowed")]
    [InlineData("a\nb", "control characters are not allowed")]
    [InlineData("a\u007fb", "control characters are not allowed")]
    public void Normalize_rejects_paths_that_could_escape_the_root(string path, string why)
    {
        var error = Assert.Throws<SlipwayException>(() => ArtifactPath.Normalize(path));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal($"Invalid artifact path '{path}': {why}.", error.Message);
    }

    [Fact]
    public void Normalize_rejects_deeply_nested_encodings()
    {
        var path = "%2e";
        for (var i = 0; i < 12; i++)
        {
            path = path.Replace("%", "%25", StringComparison.Ordinal);
        }

        Assert.Throws<SlipwayException>(() => ArtifactPath.Normalize(path));
    }

    [Theory]
    [InlineData(new[] { "run1", "artifacts", "model/MLmodel" }, "run1/artifacts/model/MLmodel")]
    [InlineData(new[] { "a/", "", "/b" }, null)]
    [InlineData(new[] { "a", "b/" }, "a/b")]
    [InlineData(new[] { "", "" }, "")]
    public void Combine_joins_validated_parts(string[] parts, string? expected)
    {
        if (expected is null)
        {
            Assert.Throws<SlipwayException>(() => ArtifactPath.Combine(parts));
        }
        else
        {
            Assert.Equal(expected, ArtifactPath.Combine(parts));
        }
    }

    [Fact]
    public void Combine_rejects_a_part_that_traverses_even_if_the_join_would_stay_inside()
    {
        Assert.Throws<SlipwayException>(() => ArtifactPath.Combine("a/b", "../c"));
    }
}
