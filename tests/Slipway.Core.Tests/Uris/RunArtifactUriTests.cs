using Slipway.Core.Errors;
using Slipway.Core.Uris;
using Xunit;

namespace Slipway.Core.Tests.Uris;

public class RunArtifactUriTests
{
    [Theory]
    [InlineData("runs:/0123456789abcdef0123456789abcdef/model", "0123456789abcdef0123456789abcdef", "model")]
    [InlineData("runs:/abc/model/MLmodel", "abc", "model/MLmodel")]
    [InlineData("runs:/abc", "abc", "")]
    [InlineData("runs:/abc/", "abc", "")]
    [InlineData("runs:/abc/a//b/", "abc", "a/b")]
    [InlineData("RUNS:/abc/x", "abc", "x")]
    public void Parse_splits_run_id_and_normalized_artifact_path(string uri, string runId, string artifactPath)
    {
        Assert.Equal(new RunArtifactUri(runId, artifactPath), RunArtifactUri.Parse(uri));
    }

    [Theory]
    [InlineData("runs:/abc/model", "runs:/abc/model")]
    [InlineData("runs:/abc/", "runs:/abc")]
    public void ToString_gives_the_canonical_uri(string uri, string expected)
    {
        Assert.Equal(expected, RunArtifactUri.Parse(uri).ToString());
    }

    [Theory]
    [InlineData("", "it does not start with 'runs:/'")]
    [InlineData("models:/m/1", "it does not start with 'runs:/'")]
    [InlineData("runs:abc/model", "the run id must follow a single '/'")]
    [InlineData("runs://abc/model", "the run id must follow a single '/'")]
    [InlineData("runs:/", "Missing value for required parameter 'run_id'.")]
    [InlineData("runs:/a b/model", "Invalid value 'a b' for parameter 'run_id'")]
    [InlineData("runs:/abc/../other/x", "Invalid artifact path '../other/x': '..' segments are not allowed.")]
    [InlineData("runs:/abc/%2e%2e/x", "percent-encoded '%2e' is not allowed")]
    [InlineData("runs:/abc/a\\b", "backslashes are not allowed")]
    public void Parse_rejects_malformed_uris_and_unsafe_paths(string uri, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => RunArtifactUri.Parse(uri));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith($"Invalid runs URI '{uri}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
