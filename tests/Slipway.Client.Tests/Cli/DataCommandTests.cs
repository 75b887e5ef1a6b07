using System.Text.Json;
using Slipway.Cli;
using Slipway.Client.Tests.Infrastructure;

namespace Slipway.Client.Tests.Cli;

/// <summary><c>slipway data</c> against fake servers: what the commands send, print and exit with.</summary>
public sealed class DataCommandTests : IAsyncLifetime, IDisposable
{
    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-data-cli-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task List_and_versions_show_tables()
    {
        _server.Map("GET", "/api/v1/datasets", FakeResponse.Ok("""{"datasets":[{"name":"churn","latest_version":3,"creation_time":1700000000000,"last_updated_time":1700000100000}]}"""));
        _server.Map("GET", "/api/v1/datasets/churn/versions", FakeResponse.Ok($$"""{"versions":[{{DatasetJson.Version("churn", 3, """["latest","golden"]""")}},{{DatasetJson.Version("churn", 2, "[]")}}]}"""));

        var list = await CliRunner.RunAgainstAsync(_server, "data", "list");
        var versions = await CliRunner.RunAgainstAsync(_server, "data", "versions", "data:churn");

        Assert.Equal((0, 0), (list.ExitCode, versions.ExitCode));
        Assert.Contains(Lines(list.Stdout), l => l.Contains("churn", StringComparison.Ordinal) && l.Contains(" 3 ", StringComparison.Ordinal));
        Assert.Contains(Lines(versions.Stdout), l => l.Contains("latest golden", StringComparison.Ordinal) && l.Contains("5.2 MB", StringComparison.Ordinal) && l.Contains("June export", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_prints_the_schema_and_statistics_of_each_table_and_the_images()
    {
        _server.Map("GET", "/api/v1/datasets/churn/versions/3", FakeResponse.Ok(DatasetJson.Version("churn", 3, profile: DatasetJson.Profile)));

        var result = await CliRunner.RunAgainstAsync(_server, "data", "show", "churn@3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("data:churn@3", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Table train.csv (csv, 10,000 rows, 2 columns):", result.Stdout, StringComparison.Ordinal);
        var age = Assert.Single(Lines(result.Stdout), l => l.Contains(" age ", StringComparison.Ordinal));
        foreach (var expected in new[] { "integer", "1.3%", "80", "18", "97", "41.5", "12.25" })
        {
            Assert.Contains(expected, age, StringComparison.Ordinal);
        }

        Assert.Contains("Images: 3 (4.1 kB), 32x24 to 640x480 pixels; 1 could not be read", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(Lines(result.Stdout), l => l.Contains("img/cat", StringComparison.Ordinal) && l.Contains(" 2 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_as_json_carries_the_full_profile()
    {
        _server.Map("GET", "/api/v1/datasets/churn/versions/latest", FakeResponse.Ok(DatasetJson.Version("churn", 3, profile: DatasetJson.Profile)));

        var result = await CliRunner.RunAgainstAsync(_server, "data", "show", "churn", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var column = json.RootElement.GetProperty("profile").GetProperty("tables")[0].GetProperty("columns")[0];
        Assert.Equal(6000, column.GetProperty("numeric").GetProperty("histogram").GetProperty("counts")[0].GetInt64());
        Assert.Equal(3, json.RootElement.GetProperty("version").GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Diff_lists_file_changes_and_table_schema_and_row_changes()
    {
        _server.Map("GET", "/api/v1/dataset-diff", FakeResponse.Ok($$"""
            {"from":"data:churn@2","to":"data:churn@3","added":[{{DatasetJson.File("new.csv", 5, DatasetJson.HashA)}}],
             "removed":[{{DatasetJson.File("old.bin", 2000, DatasetJson.HashB)}}],
             "changed":[{"path":"train.csv","from":{{DatasetJson.File("train.csv", 1000, DatasetJson.HashA)}},"to":{{DatasetJson.File("train.csv", 1500, DatasetJson.HashB)}}}],
             "unchanged_count":7,
             "tables":[{"path":"train.csv","from_row_count":10000,"to_row_count":10250,"added_columns":[{"name":"plan","type":"string"}],"removed_columns":[],
                        "changed_columns":[{"name":"age","from_type":"integer","to_type":"float"}]}]}
            """));

        var result = await CliRunner.RunAgainstAsync(_server, "data", "diff", "churn@2", "data:churn@3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("data:churn@2", "data:churn@3"), (_server.Requests.Single().Query["from"], _server.Requests.Single().Query["to"]));
        Assert.StartsWith("data:churn@2 -> data:churn@3: 1 added, 1 removed, 1 changed, 7 unchanged.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(Lines(result.Stdout), l => l.Contains("removed", StringComparison.Ordinal) && l.Contains("old.bin", StringComparison.Ordinal) && l.Contains("2.0 kB", StringComparison.Ordinal));
        Assert.Contains(Lines(result.Stdout), l => l.Contains("changed", StringComparison.Ordinal) && l.Contains("1.0 kB -> 1.5 kB", StringComparison.Ordinal));
        var table = Assert.Single(Lines(result.Stdout), l => l.Contains("10,000 -> 10,250 (+250)", StringComparison.Ordinal));
        Assert.Contains("plan (string)", table, StringComparison.Ordinal);
        Assert.Contains("age: integer -> float", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("error", false, 1, "Validation of data:churn@3 failed. 1 expectation: 1 failed with severity error, 0 with a lower severity.")]
    [InlineData("warning", false, 0, "Validation of data:churn@3 passed. 1 expectation: 0 failed with severity error, 1 with a lower severity.")]
    [InlineData("error", true, 0, "Validation of data:churn@3 passed. 1 expectation: 0 failed with severity error, 0 with a lower severity.")]
    public async Task Validate_exits_1_only_when_an_error_expectation_failed(string severity, bool passed, int exitCode, string summary)
    {
        _server.Map("POST", "/api/v1/datasets/churn/versions/3/validate", FakeResponse.Ok($$"""
            {"passed":{{(passed ? "true" : "false")}},"results":[{"kind":"column_values_not_null","table":"train.csv","column":"age","severity":"{{severity}}",
             "passed":{{(passed ? "true" : "false")}},"observed":0.0125,"expected":0,"message":"1.25% of age is missing"}]}
            """));
        var suite = Suite("expectations:\n  - column_values_not_null: {table: train.csv, column: age}\n");

        var result = await CliRunner.RunAgainstAsync(_server, "data", "validate", "churn@3", "--suite", suite);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(File.ReadAllText(suite), _server.Requests.Single().Body);
        var row = Assert.Single(Lines(result.Stdout), l => l.Contains("column_values_not_null", StringComparison.Ordinal));
        foreach (var expected in new[] { passed ? "pass" : "FAIL", severity, "age", "0.0125", "1.25% of age is missing" })
        {
            Assert.Contains(expected, row, StringComparison.Ordinal);
        }

        Assert.Contains(summary, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_as_json_keeps_the_exit_code()
    {
        _server.Map("POST", "/api/v1/datasets/churn/versions/latest/validate", FakeResponse.Ok("""
            {"passed":false,"results":[{"kind":"row_count_between","severity":"error","passed":false,"observed":3,"expected":"10..20"}]}
            """));

        var result = await CliRunner.RunAgainstAsync(_server, "data", "validate", "churn", "--suite", Suite("x: 1\n"), "-o", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.True(json.RootElement.GetProperty("has_failed_errors").GetBoolean());
    }

    [Fact]
    public async Task A_malformed_suite_exits_2_with_the_servers_message()
    {
        _server.Map("POST", "/api/v1/datasets/churn/versions/3/validate", FakeResponse.Error(400, "INVALID_PARAMETER_VALUE", "Line 2: unknown expectation 'colum_exists'."));

        var result = await CliRunner.RunAgainstAsync(_server, "data", "validate", "churn@3", "--suite", Suite("expectations:\n  - colum_exists: x\n"));

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.EndsWith("checks.yaml': Line 2: unknown expectation 'colum_exists'.", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("error: Invalid suite '", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suite_file_that_cannot_be_read_exits_2_without_a_request()
    {
        var result = await CliRunner.RunAgainstAsync(_server, "data", "validate", "churn@3", "--suite", Path.Combine(_directory, "missing.yaml"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: Cannot read the suite '", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Tagging_by_a_tag_reference_resolves_the_version_number_first()
    {
        _server.Map("GET", "/api/v1/datasets/churn/versions/latest", FakeResponse.Ok(DatasetJson.Version("churn", 5)));
        _server.Map("PUT", "/api/v1/datasets/churn/tags/golden", FakeResponse.Ok(DatasetJson.Version("churn", 5, """["latest","golden"]""")));

        var result = await CliRunner.RunAgainstAsync(_server, "data", "tag", "churn", "golden");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(5, _server.RequestsTo("/api/v1/datasets/churn/tags/golden").Single().Json.GetProperty("version").GetInt64());
        Assert.Equal("Tag 'golden' of dataset 'churn' now points to version 5.", result.Stdout.Trim());
    }

    [Fact]
    public async Task Gc_sends_the_grace_period_in_seconds_and_summarizes()
    {
        _server.Map("POST", "/api/v1/blobs/sweep", FakeResponse.Ok("""{"examined":1200,"deleted":56,"bytes_freed":7800000,"kept_recent":12,"kept_referenced":1132}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "data", "gc", "--grace", "1h30m");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(5400, _server.Requests.Single().Json.GetProperty("grace_seconds").GetInt64());
        Assert.Equal("Examined 1,200 blobs: deleted 56 (7.8 MB freed); kept 1,132 that versions name and 12 used within the grace period.", result.Stdout.Trim());
    }

    [Fact]
    public async Task Lineage_lists_runs_and_model_versions()
    {
        _server.Map("GET", "/api/v1/datasets/churn/versions/3/lineage", FakeResponse.Ok("""
            {"dataset":"churn","version":3,"runs":[{"run_id":"r1","experiment_id":"7","run_name":"baseline","status":"FINISHED"}],
             "model_versions":[{"name":"churn-model","version":"4","run_id":"r1"}]}
            """));

        var result = await CliRunner.RunAgainstAsync(_server, "data", "lineage", "churn@3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(Lines(result.Stdout), l => l.Contains("r1", StringComparison.Ordinal) && l.Contains("baseline", StringComparison.Ordinal) && l.Contains("FINISHED", StringComparison.Ordinal));
        Assert.Contains(Lines(result.Stdout), l => l.Contains("churn-model", StringComparison.Ordinal) && l.Contains(" 4 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Push_and_pull_print_one_summary_line_each()
    {
        using var datasets = new InMemoryDatasetServer();
        var source = Path.Combine(_directory, "source");
        Directory.CreateDirectory(Path.Combine(source, "img"));
        File.WriteAllText(Path.Combine(source, "train.csv"), "a,b\n1,2\n");
        File.WriteAllBytes(Path.Combine(source, "img", "1.png"), new byte[3000]);

        var push = await RunAsync(datasets, "data", "push", source, "--name", "churn", "-m", "first");
        var again = await RunAsync(datasets, "data", "push", source, "--name", "churn");
        var pull = await RunAsync(datasets, "data", "pull", "churn@1", Path.Combine(_directory, "target"), "-o", "json");

        Assert.Equal((0, 0, 0), (push.ExitCode, again.ExitCode, pull.ExitCode));
        Assert.Matches(@"^Pushed data:churn@1: 2 files, 2 uploaded \(3\.0 kB\), 0 already stored, in \d+\.\d s\n$", push.Stdout);
        Assert.Matches(@"^Unchanged: data:churn@1 already holds these 2 files, so no version was made \(0 uploaded, in \d+\.\d s\)\n$", again.Stdout);
        using var json = JsonDocument.Parse(pull.Stdout);
        Assert.Equal((2, 0), (json.RootElement.GetProperty("files_downloaded").GetInt32(), json.RootElement.GetProperty("files_skipped").GetInt32()));
    }

    [Fact]
    public async Task A_push_of_a_path_that_does_not_exist_is_a_one_line_error()
    {
        using var datasets = new InMemoryDatasetServer();

        var result = await RunAsync(datasets, "data", "push", Path.Combine(_directory, "nope"), "--name", "churn");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: There is no file or directory '", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(datasets.Requests);
    }

    private static async Task<CliResult> RunAsync(InMemoryDatasetServer server, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, consoleWidth: 250)
        {
            GetEnvironmentVariable = _ => null,
            CreateClient = (_, _) => server.CreateClient(),
        };
        var exitCode = await CliApplication.InvokeAsync(args, context);
        return new CliResult(exitCode, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString());
    }

    private string Suite(string text)
    {
        var path = Path.Combine(_directory, "checks.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
