using Slipway.Client.Datasets;
using Slipway.Core.Errors;

namespace Slipway.Client.Tests.Datasets;

public sealed class PullTargetsTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "slipway-pull-root"));

    [Theory]
    [InlineData("train.csv")]
    [InlineData("img/cat/1.png")]
    [InlineData("a b/100%.txt")]
    [InlineData(".hidden/file")]
    public void Clean_relative_paths_land_inside_the_directory(string path)
    {
        var resolved = PullTargets.Resolve(Root, path);

        Assert.Equal(Path.Combine([Root, .. path.Split('/')]), resolved);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("img/../../escape.txt")]
    [InlineData("img/..")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("~/.ssh/authorized_keys")]
    [InlineData("img\\..\\..\\escape.txt")]
    [InlineData("%2e%2e/escape.txt")]
    [InlineData("./train.csv")]
    [InlineData("img//cat.png")]
    [InlineData("")]
    [InlineData("...")]
    [InlineData("line\nbreak")]
    public void Paths_that_are_not_clean_or_would_escape_are_refused(string path)
    {
        var ex = Assert.Throws<SlipwayException>(() => PullTargets.Resolve(Root, path));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Contains("Nothing was written", ex.Message, StringComparison.Ordinal);
    }
}
