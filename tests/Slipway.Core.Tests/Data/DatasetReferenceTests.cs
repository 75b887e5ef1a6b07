using Slipway.Core.Data;
using Slipway.Core.Errors;
using Xunit;

namespace Slipway.Core.Tests.Data;

public sealed class DatasetReferenceTests
{
    [Theory]
    [InlineData("data:fraud@3", "fraud", 3L, null, "")]
    [InlineData("fraud@3", "fraud", 3L, null, "")]
    [InlineData("data:fraud@golden", "fraud", null, "golden", "")]
    [InlineData("data:fraud", "fraud", null, "latest", "")]
    [InlineData("data:fraud@3/train/part-0.parquet", "fraud", 3L, null, "train/part-0.parquet")]
    [InlineData("data:cats.v2@latest/images//tabby/./01.png", "cats.v2", null, "latest", "images/tabby/01.png")]
    public void References_name_a_dataset_a_version_or_tag_and_optionally_a_file(string text, string name, long? version, string? tag, string path)
    {
        var reference = DatasetReference.Parse(text);

        Assert.Equal(new DatasetReference(name, version, tag, path), reference);
        Assert.Equal(reference, DatasetReference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("data:", "the dataset name '' must be")]
    [InlineData("data:fraud@", "nothing follows '@'")]
    [InlineData("data:fraud@0", "'0' is not a version number")]
    [InlineData("data:fraud@3x", "'3x' is not a version number")]
    [InlineData("data:fraud@99999999999999999999", "is not a version number")]
    [InlineData("data:fr aud@3", "the dataset name 'fr aud' must be")]
    [InlineData("data:-fraud@3", "the dataset name '-fraud' must be")]
    [InlineData("data:fraud/train.csv", "a file path needs a version or tag first")]
    [InlineData("data:fraud@gold!", "the tag 'gold!' must be")]
    public void Malformed_references_are_refused_saying_why(string text, string why)
    {
        var error = Assert.Throws<SlipwayException>(() => DatasetReference.Parse(text));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data:fraud@3/../secrets")]
    [InlineData("data:fraud@3/%2e%2e/x")]
    [InlineData("data:fraud@3/a\\b")]
    public void File_paths_pass_the_shared_path_rules(string text)
    {
        var error = Assert.Throws<SlipwayException>(() => DatasetReference.Parse(text));

        Assert.Contains("Invalid artifact path", error.Message, StringComparison.Ordinal);
    }
}
