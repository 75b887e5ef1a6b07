using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Pipelines.Orchestration;

namespace Slipway.Pipelines.Tests.Orchestration;

public sealed class CodeSnapshotTests
{
    private static readonly CodeSnapshot Snapshot = new(
        new DatasetVersionId("code.churn", 3),
        [File("train.py", "a"), File("src/model.py", "b"), File("src/util/io.py", "c"), File("README.md", "d")]);

    [Fact]
    public void A_step_that_declares_no_code_depends_on_every_file()
    {
        var changed = new CodeSnapshot(null, [File("train.py", "a"), File("src/model.py", "b"), File("src/util/io.py", "c"), File("README.md", "CHANGED")]);

        Assert.NotEqual(Snapshot.DigestOf([]), changed.DigestOf([]));
    }

    [Fact]
    public void Declared_files_directories_and_globs_are_all_the_step_depends_on()
    {
        var readmeChanged = new CodeSnapshot(null, [File("train.py", "a"), File("src/model.py", "b"), File("src/util/io.py", "c"), File("README.md", "CHANGED")]);
        var sourceChanged = new CodeSnapshot(null, [File("train.py", "a"), File("src/model.py", "b"), File("src/util/io.py", "CHANGED"), File("README.md", "d")]);
        string[] declared = ["train.py", "src/"];

        Assert.Equal(Snapshot.DigestOf(declared), readmeChanged.DigestOf(declared));
        Assert.NotEqual(Snapshot.DigestOf(declared), sourceChanged.DigestOf(declared));
        Assert.Equal(Snapshot.DigestOf(["*.py", "src/*"]), Snapshot.DigestOf(["./train.py", "src"]));
    }

    [Fact]
    public void A_declared_path_that_matches_nothing_is_an_error_naming_it()
    {
        var error = Assert.Throws<SlipwayException>(() => Snapshot.DigestOf(["train.py", "trian.py"]));

        Assert.Contains("'trian.py' matches no file", error.Message, StringComparison.Ordinal);
    }

    private static ManifestEntry File(string path, string content) =>
        new(path, content.Length, ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(content)), "text/plain");
}
