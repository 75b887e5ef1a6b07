using Slipway.Client.Pipelines;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;

namespace Slipway.Client.Tests.Pipelines;

/// <summary>The code snapshot of a pipeline: which files go, where they go, and the size limit.</summary>
public sealed class CodeSnapshotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-code-").FullName;
    private readonly InMemoryDatasetServer _server = new();

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        _server.Dispose();
    }

    [Fact]
    public async Task The_directory_is_pushed_as_a_version_of_code_dot_pipeline_without_the_default_and_slipwayignore_exclusions()
    {
        Write(
            "slipway.yaml", "train.py", "src/model.py", "src/__pycache__/model.cpython-312.pyc", "src/util.pyc",
            ".git/HEAD", ".venv/bin/python", "node_modules/x/index.js", "bin/Release/app.dll", "obj/project.assets.json",
            "data/train.csv", "data/schema.json", "notes.md", "scratch/a.txt");
        File.WriteAllLines(Path.Combine(_directory, ".slipwayignore"), ["# data comes from a dataset input", "data/*.csv", "/notes.md", "scratch/"]);
        using var client = _server.CreateClient();

        var snapshot = await client.PushPipelineCodeAsync(_directory, "churn");

        Assert.Equal("data:code.churn@1", snapshot.Reference);
        Assert.True(snapshot.Push.Created);
        var files = await client.ListDatasetFilesAsync("code.churn", "1");
        Assert.Equal([".slipwayignore", "data/schema.json", "slipway.yaml", "src/model.py", "train.py"], files.Select(f => f.Path));
    }

    [Fact]
    public async Task Pushing_the_same_code_again_makes_no_new_version()
    {
        Write("slipway.yaml", "train.py");
        using var client = _server.CreateClient();

        var first = await client.PushPipelineCodeAsync(_directory, "churn");
        var second = await client.PushPipelineCodeAsync(_directory, "churn");

        Assert.Equal(first.Reference, second.Reference);
        Assert.False(second.Push.Created);
        Assert.Equal(1, _server.VersionCount("code.churn"));
    }

    [Fact]
    public async Task A_snapshot_over_256_MiB_is_refused_before_anything_is_sent_naming_the_largest_files_and_the_ways_out()
    {
        Write("slipway.yaml", "train.py");
        using (var big = File.Create(Path.Combine(_directory, "features.parquet")))
        {
            big.SetLength(PipelineCodeSnapshot.MaxBytes); // sparse: no disk used
        }

        using var client = _server.CreateClient();

        var error = await Assert.ThrowsAsync<SlipwayException>(() => client.PushPipelineCodeAsync(_directory, "churn"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("over the 256 MiB a code snapshot may hold", error.Message, StringComparison.Ordinal);
        Assert.Contains("the largest are features.parquet (256 MiB)", error.Message, StringComparison.Ordinal);
        Assert.Contains("data:NAME@VERSION", error.Message, StringComparison.Ordinal);
        Assert.Contains(".slipwayignore", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_large_file_left_out_by_slipwayignore_does_not_count()
    {
        Write("slipway.yaml");
        using (var big = File.Create(Path.Combine(_directory, "features.parquet")))
        {
            big.SetLength(PipelineCodeSnapshot.MaxBytes + 1);
        }

        File.WriteAllText(Path.Combine(_directory, ".slipwayignore"), "*.parquet\n");
        using var client = _server.CreateClient();

        var snapshot = await client.PushPipelineCodeAsync(_directory, "churn");

        Assert.Equal(2, snapshot.Push.FileCount);
    }

    [Fact]
    public async Task Running_a_pipeline_file_that_does_not_exist_says_so_and_sends_nothing()
    {
        using var client = _server.CreateClient();

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => client.RunPipelineAsync(Path.Combine(_directory, "nope.yaml")));

        Assert.Contains("There is no pipeline file", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    private void Write(params string[] paths)
    {
        foreach (var path in paths)
        {
            var full = Path.Combine([_directory, .. path.Split('/')]);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, "content of " + path);
        }
    }
}
