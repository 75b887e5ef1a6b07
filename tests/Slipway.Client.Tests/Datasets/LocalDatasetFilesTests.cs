using Slipway.Client.Datasets;
using Slipway.Core.Errors;

namespace Slipway.Client.Tests.Datasets;

public sealed class LocalDatasetFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-walk-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_directory_gives_every_file_below_it_hidden_ones_included_with_slash_paths_in_ordinal_order()
    {
        Write("train.csv", "b.txt", "img/cat/1.png", "img/Dog/2.png", ".meta/labels.json", ".gitignore", "empty/");

        var files = LocalDatasetFiles.Find(_directory);

        Assert.Equal([".gitignore", ".meta/labels.json", "b.txt", "img/Dog/2.png", "img/cat/1.png", "train.csv"], files.Select(f => f.RelativePath));
        Assert.All(files, f => Assert.Equal(Path.Combine([_directory, .. f.RelativePath.Split('/')]), f.FullPath));
        Assert.Equal(files.Select(f => new FileInfo(f.FullPath).Length), files.Select(f => f.Size));
    }

    [Fact]
    public void Exclude_sees_directories_with_a_trailing_slash_and_what_it_leaves_out_is_not_walked()
    {
        Write("keep.txt", "skip.log", "cache/a.bin", "cache/deep/b.bin", "src/main.py");
        var asked = new List<string>();

        var files = LocalDatasetFiles.Find(_directory, path =>
        {
            asked.Add(path);
            return path is "cache/" or "skip.log";
        });

        Assert.Equal(["keep.txt", "src/main.py"], files.Select(f => f.RelativePath));
        Assert.Contains("cache/", asked);
        Assert.Contains("src/", asked);
        Assert.DoesNotContain(asked, path => path.StartsWith("cache/", StringComparison.Ordinal) && path != "cache/");
    }

    [Fact]
    public void A_single_file_is_a_one_file_dataset_named_by_its_file_name()
    {
        Write("data/train.parquet");

        var file = Assert.Single(LocalDatasetFiles.Find(Path.Combine(_directory, "data", "train.parquet")));

        Assert.Equal("train.parquet", file.RelativePath);
    }

    [Fact]
    public void Symbolic_links_to_directories_are_skipped_and_links_to_files_followed()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Creating symbolic links needs a privilege there.
        }

        Write("data/a.csv", "outside/secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(_directory, "data", "linked-dir"), Path.Combine(_directory, "outside"));
        File.CreateSymbolicLink(Path.Combine(_directory, "data", "linked.csv"), Path.Combine(_directory, "data", "a.csv"));

        var files = LocalDatasetFiles.Find(Path.Combine(_directory, "data"));

        Assert.Equal(["a.csv", "linked.csv"], files.Select(f => f.RelativePath));
    }

    [Fact]
    public void A_path_that_does_not_exist_is_a_file_not_found_error()
    {
        Assert.Throws<FileNotFoundException>(() => LocalDatasetFiles.Find(Path.Combine(_directory, "missing")));
    }

    [Fact]
    public void A_file_name_that_cannot_be_a_dataset_path_is_refused_before_anything_is_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Its file names cannot hold a backslash.
        }

        Write("ok.csv", "bad\\name.csv");

        var ex = Assert.Throws<SlipwayException>(() => LocalDatasetFiles.Find(_directory));

        Assert.Contains("bad\\name.csv", ex.Message, StringComparison.Ordinal);
    }

    private void Write(params string[] paths)
    {
        foreach (var path in paths)
        {
            var full = Path.Combine([_directory, .. path.Split('/')]);
            if (path.EndsWith('/'))
            {
                Directory.CreateDirectory(full);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, path);
        }
    }
}
