using Slipway.Client.Datasets;

namespace Slipway.Client.Tests.Datasets;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("train.csv", "text/csv")]
    [InlineData("data/part-0001.parquet", "application/vnd.apache.parquet")]
    [InlineData("img/cat/1.PNG", "image/png")]
    [InlineData("img/dog/2.jpeg", "image/jpeg")]
    [InlineData("img/dog/3.JPG", "image/jpeg")]
    [InlineData("meta/labels.json", "application/json")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("backup.tar.gz", "application/gzip")]
    [InlineData("weights.bin", "application/octet-stream")]
    [InlineData("Makefile", "application/octet-stream")]
    [InlineData("dir.v2/README", "application/octet-stream")]
    public void Media_types_come_from_the_extension_in_any_casing(string path, string expected)
    {
        Assert.Equal(expected, MediaTypes.FromPath(path));
    }
}
