using System.Net;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Client.Tests.Datasets;

/// <summary>The dataset calls of the SDK against a fake server: what they send and how answers map.</summary>
public sealed class DatasetClientTests : IAsyncLifetime, IDisposable
{
    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();
    private readonly SlipwayClient _client;

    public DatasetClientTests()
    {
        _client = new SlipwayClient(_server.BaseUri) { Workspace = "team-a" };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task A_version_maps_with_its_profile_and_the_workspace_header_is_sent()
    {
        _server.Map("GET", "/api/v1/datasets/churn/versions/golden", FakeResponse.Ok(DatasetJson.Version("churn", 3, """["golden"]""", DatasetJson.Profile)));

        var details = await _client.GetDatasetVersionAsync("churn", "golden");

        Assert.Equal(["golden"], details.Version.Tags);
        Assert.Equal(new DatasetVersion("churn", 3, 1700000000000, "ada", "June export", 2, 2, 5200000, null, details.Version.Tags), details.Version);
        var table = Assert.Single(details.Profile!.Tables);
        Assert.Equal((10000L, 2), (table.RowCount, table.Columns.Count));
        Assert.Equal((41.5, 12.25), (table.Columns[0].Numeric!.Mean, table.Columns[0].Numeric!.StandardDeviation));
        Assert.Equal(3, details.Profile.Images!.Count);
        Assert.Equal("team-a", _server.Requests.Single().Headers["X-Slipway-Workspace"]);
    }

    [Fact]
    public async Task Plan_and_commit_send_the_manifest_and_read_created()
    {
        _server.Map("POST", "/api/v1/datasets/churn/plan", FakeResponse.Ok($$"""{"missing":["{{DatasetJson.HashB}}"]}"""));
        _server.Map("POST", "/api/v1/datasets/churn/versions", new FakeResponse(200, DatasetJson.Version("churn", 2).Replace("}", ",\"created\":false}", StringComparison.Ordinal)));
        ManifestEntry[] files = [new("a.csv", 10, ContentHash.Parse(DatasetJson.HashA), "text/csv"), new("b.bin", 20, ContentHash.Parse(DatasetJson.HashB), "application/octet-stream")];

        var missing = await _client.PlanDatasetPushAsync("churn", files);
        var commit = await _client.CommitDatasetVersionAsync("churn", files, "why", parentVersion: 1, tags: ["golden"]);

        Assert.Equal([ContentHash.Parse(DatasetJson.HashB)], missing);
        Assert.False(commit.Created);
        var plan = _server.RequestsTo("/api/v1/datasets/churn/plan").Single().Json;
        Assert.Equal(DatasetJson.HashA, plan.GetProperty("files")[0].GetProperty("hash").GetString());
        Assert.Equal("text/csv", plan.GetProperty("files")[0].GetProperty("media_type").GetString());
        var body = _server.RequestsTo("/api/v1/datasets/churn/versions").Single().Json;
        Assert.Equal(("why", 1, "golden"), (body.GetProperty("message").GetString(), body.GetProperty("parent_version").GetInt64(), body.GetProperty("tags")[0].GetString()));
    }

    [Fact]
    public async Task A_diff_maps_files_and_table_changes()
    {
        _server.Map("GET", "/api/v1/dataset-diff", FakeResponse.Ok($$"""
            {"from":"data:churn@2","to":"data:churn@3","added":[{{DatasetJson.File("new.csv", 5, DatasetJson.HashA)}}],"removed":[],
             "changed":[{"path":"train.csv","from":{{DatasetJson.File("train.csv", 100, DatasetJson.HashA)}},"to":{{DatasetJson.File("train.csv", 120, DatasetJson.HashB)}}}],
             "unchanged_count":7,
             "tables":[{"path":"train.csv","from_row_count":10,"to_row_count":12,"added_columns":[{"name":"plan","type":"string"}],"removed_columns":[],
                        "changed_columns":[{"name":"age","from_type":"integer","to_type":"float"}]}]}
            """));

        var diff = await _client.DiffDatasetVersionsAsync("data:churn@2", "churn@3");

        Assert.Equal(("data:churn@2", "churn@3"), (_server.Requests.Single().Query["from"], _server.Requests.Single().Query["to"]));
        Assert.Equal(("new.csv", 7L), (Assert.Single(diff.Added).Path, diff.UnchangedCount));
        Assert.Equal((100L, 120L), (diff.Changed[0].From.Size, diff.Changed[0].To.Size));
        var table = Assert.Single(diff.Tables);
        Assert.Equal((10L, 12L, "plan", "float"), (table.FromRowCount!.Value, table.ToRowCount!.Value, table.AddedColumns[0].Name, table.ChangedColumns[0].ToType));
    }

    [Fact]
    public async Task Validate_sends_the_suite_text_and_reads_observed_values_of_any_kind_as_text()
    {
        _server.Map("POST", "/api/v1/datasets/churn/versions/3/validate", FakeResponse.Ok("""
            {"passed":false,"results":[
              {"kind":"column_values_between","table":"train.csv","column":"age","severity":"error","passed":false,"observed":0.25,"expected":{"min":18},"message":"25% out of range"},
              {"kind":"row_count_between","table":"train.csv","severity":"warning","passed":true,"observed":10000,"expected":"1000..20000"}]}
            """));
        const string suite = "expectations:\n  - kind: row_count_between\n";

        var report = await _client.ValidateDatasetAsync("churn", "3", suite);

        var request = _server.Requests.Single();
        Assert.Equal(suite, request.Body);
        Assert.Equal("application/yaml; charset=utf-8", request.Headers["Content-Type"]);
        Assert.True(report.HasFailedErrors);
        Assert.Equal(("0.25", """{"min":18}"""), (report.Results[0].Observed, report.Results[0].Expected));
        Assert.Equal(("10000", "1000..20000", true), (report.Results[1].Observed, report.Results[1].Expected, report.Results[1].Passed));
    }

    [Fact]
    public async Task A_malformed_suite_is_an_invalid_parameter_error_with_the_servers_message()
    {
        _server.Map("POST", "/api/v1/datasets/churn/versions/latest/validate", FakeResponse.Error(400, "INVALID_PARAMETER_VALUE", "Line 3: unknown expectation 'colum_exists'."));

        var ex = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.ValidateDatasetAsync("churn", "latest", "{\"expectations\": 1}"));

        Assert.Equal((ErrorCode.InvalidParameterValue, HttpStatusCode.BadRequest), (ex.Code, ex.StatusCode));
        Assert.Equal("application/json; charset=utf-8", _server.Requests.Single().Headers["Content-Type"]);
    }

    [Fact]
    public async Task Tags_deletion_lineage_and_sweep_use_their_endpoints()
    {
        _server.Map("PUT", "/api/v1/datasets/churn/tags/golden", FakeResponse.Ok(DatasetJson.Version("churn", 3, """["golden"]""")));
        _server.Map("DELETE", "/api/v1/datasets/churn/tags/golden", FakeResponse.Ok());
        _server.Map("DELETE", "/api/v1/datasets/churn/versions/2", FakeResponse.Ok());
        _server.Map("GET", "/api/v1/datasets/churn/versions/3/lineage", FakeResponse.Ok("""
            {"dataset":"churn","version":3,"runs":[{"run_id":"r1","run_uuid":"r1","experiment_id":"7","run_name":"baseline","status":"FINISHED"}],
             "model_versions":[{"name":"churn-model","version":"4","run_id":"r1"}]}
            """));
        _server.Map("POST", "/api/v1/blobs/sweep", FakeResponse.Ok("""{"examined":10,"deleted":4,"bytes_freed":4096,"kept_recent":1,"kept_referenced":5}"""));

        var tagged = await _client.SetDatasetTagAsync("churn", "golden", 3);
        await _client.DeleteDatasetTagAsync("churn", "golden");
        await _client.DeleteDatasetVersionAsync("churn", 2);
        var lineage = await _client.GetDatasetLineageAsync("churn", "3");
        var sweep = await _client.SweepBlobsAsync(TimeSpan.FromHours(2));

        Assert.Equal(3, tagged.Version);
        Assert.Equal(3, _server.RequestsTo("/api/v1/datasets/churn/tags/golden")[0].Json.GetProperty("version").GetInt64());
        Assert.Equal(("r1", "baseline", "churn-model", "4"), (lineage.Runs[0].RunId, lineage.Runs[0].RunName, lineage.ModelVersions[0].Name, lineage.ModelVersions[0].Version));
        Assert.Equal(new Slipway.Client.Datasets.BlobSweepResult(10, 4, 4096, 1, 5), sweep);
        Assert.Equal(7200, _server.RequestsTo("/api/v1/blobs/sweep").Single().Json.GetProperty("grace_seconds").GetInt64());
    }

    [Fact]
    public async Task File_paths_are_escaped_segment_by_segment()
    {
        _server.Map("GET", "/api/v1/datasets/churn/versions/3/files/img/a%20b/c%23.png", new FakeResponse(200, "PNG", "image/png"));
        using var destination = new MemoryStream();

        var mediaType = await _client.DownloadDatasetFileAsync("churn", "3", "img/a b/c#.png", destination);

        Assert.Equal(("image/png", "PNG"), (mediaType, System.Text.Encoding.UTF8.GetString(destination.ToArray())));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.DownloadDatasetFileAsync("churn", "3", "img/../secret", destination));
    }
}
