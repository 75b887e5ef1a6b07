using Slipway.Client.Pipelines;

namespace Slipway.Client.Tests.Pipelines;

/// <summary>The gitignore-like patterns of code snapshots: defaults, .slipwayignore lines, and how paths match them.</summary>
public sealed class IgnorePatternsTests
{
    private static readonly IgnorePatterns Defaults = IgnorePatterns.Parse(IgnorePatterns.CodeDefaults);

    [Theory]
    [InlineData(".git/")]
    [InlineData(".slipway/")]
    [InlineData("bin/")]
    [InlineData("src/app/obj/")]
    [InlineData("web/node_modules/")]
    [InlineData("pkg/__pycache__/")]
    [InlineData(".venv/")]
    [InlineData("train.pyc")]
    [InlineData("pkg/deep/model.pyc")]
    public void The_defaults_leave_out_version_control_build_output_caches_and_environments(string path) =>
        Assert.True(Defaults.IsExcluded(path));

    [Theory]
    [InlineData("train.py")]
    [InlineData("slipway.yaml")]
    [InlineData(".gitignore")]
    [InlineData("binaries/")]
    [InlineData("bin")]
    [InlineData("src/objects.py")]
    [InlineData("data.pyc.txt")]
    public void The_defaults_keep_code_and_names_that_only_look_alike(string path) =>
        Assert.False(Defaults.IsExcluded(path));

    [Fact]
    public void A_directory_pattern_matches_directories_only_at_any_depth()
    {
        var patterns = IgnorePatterns.Parse(["data/"]);

        Assert.True(patterns.IsExcluded("data/"));
        Assert.True(patterns.IsExcluded("nested/data/"));
        Assert.False(patterns.IsExcluded("data"));
        Assert.False(patterns.IsExcluded("nested/data"));
    }

    [Fact]
    public void A_pattern_with_a_slash_is_tied_to_the_root()
    {
        var patterns = IgnorePatterns.Parse(["docs/build", "/local.env", "notes/*.md"]);

        Assert.True(patterns.IsExcluded("docs/build"));
        Assert.True(patterns.IsExcluded("docs/build/"));
        Assert.False(patterns.IsExcluded("src/docs/build"));
        Assert.True(patterns.IsExcluded("local.env"));
        Assert.False(patterns.IsExcluded("config/local.env"));
        Assert.True(patterns.IsExcluded("notes/todo.md"));
        Assert.False(patterns.IsExcluded("notes/2024/todo.md"));
    }

    [Fact]
    public void Double_stars_cross_directories()
    {
        var patterns = IgnorePatterns.Parse(["**/checkpoints", "logs/**", "a/**/z.txt"]);

        Assert.True(patterns.IsExcluded("checkpoints/"));
        Assert.True(patterns.IsExcluded("runs/7/checkpoints/"));
        Assert.True(patterns.IsExcluded("logs/2024/06/run.log"));
        Assert.True(patterns.IsExcluded("a/z.txt"));
        Assert.True(patterns.IsExcluded("a/b/c/z.txt"));
        Assert.False(patterns.IsExcluded("b/a/z.txt"));
    }

    [Fact]
    public void Wildcards_and_sets_stay_within_a_name()
    {
        var patterns = IgnorePatterns.Parse(["*.parquet", "model-?.bin", "run[0-9].log", "tmp[!a]"]);

        Assert.True(patterns.IsExcluded("data/train.parquet"));
        Assert.True(patterns.IsExcluded("model-a.bin"));
        Assert.False(patterns.IsExcluded("model-ab.bin"));
        Assert.True(patterns.IsExcluded("run7.log"));
        Assert.False(patterns.IsExcluded("runx.log"));
        Assert.True(patterns.IsExcluded("tmpb"));
        Assert.False(patterns.IsExcluded("tmpa"));
    }

    [Fact]
    public void Comments_blank_lines_and_trailing_spaces_are_ignored_and_odd_brackets_are_literal()
    {
        var patterns = IgnorePatterns.Parse(["# large files", "", "   ", "*.ckpt   ", "[", "x[]", "\\#notes"]);

        Assert.True(patterns.IsExcluded("epoch3.ckpt"));
        Assert.False(patterns.IsExcluded("# large files"));
        Assert.True(patterns.IsExcluded("["));
        Assert.True(patterns.IsExcluded("x[]"));
        Assert.True(patterns.IsExcluded("#notes"));
    }

    [Fact]
    public void The_last_matching_pattern_decides_so_a_negation_takes_a_path_back()
    {
        var patterns = IgnorePatterns.Parse([.. IgnorePatterns.CodeDefaults, "*.csv", "!schema.csv", "!bin/"]);

        Assert.True(patterns.IsExcluded("train.csv"));
        Assert.False(patterns.IsExcluded("schema.csv"));
        Assert.False(patterns.IsExcluded("bin/"));
        Assert.True(patterns.IsExcluded("obj/"));
    }
}
