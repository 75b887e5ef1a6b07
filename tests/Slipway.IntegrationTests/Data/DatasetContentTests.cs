using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;
using WireFile = Slipway.IntegrationTests.Data.DatasetWire.File;

namespace Slipway.IntegrationTests.Data;

/// <summary>What a server does with a version's content: profiles at commit, corrupt tables refused, table diffs, validation, thumbnails.</summary>
public sealed class DatasetContentTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private readonly HttpClient _http = server.Http;
    private readonly DatasetWire _wire = new(server.Http);

    private static WireFile Csv(string path, string text) => WireFile.Text(path, text, "text/csv");

    [Fact]
    public async Task A_commit_profiles_its_tables_and_the_version_keeps_the_profile()
    {
        var dataset = Names.Unique("customers");
        var rows = new StringBuilder("id,age,plan\n");
        for (var i = 1; i <= 100; i++)
        {
            rows.Append(i).Append(',').Append(i % 10 == 0 ? string.Empty : (20 + (i % 50)).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(i % 3 == 0 ? "pro" : "free").Append('\n');
        }

        var committed = await _wire.PushAsync(dataset, [Csv("customers.csv", rows.ToString()), WireFile.Text("notes.txt", "not a table")]);

        var table = Assert.Single(committed.Items("profile.tables"));
        Assert.Equal("customers.csv", table.Str("path"));
        Assert.Equal(100, table.Int64Value("row_count"));
        var age = table.Items("columns").Single(c => c.Str("name") == "age");
        Assert.Equal("integer", age.Str("type"));
        Assert.Equal(10, age.Int64Value("missing_count"));
        Assert.Equal(0.1, age.Num("missing_ratio"), 6);
        Assert.Equal(21, age.Num("numeric.min"));
        Assert.Equal(69, age.Num("numeric.max"));
        var counts = age["numeric"]!["histogram"]!["counts"]!.AsArray().Select(c => c!.GetValue<long>()).ToList();
        Assert.Equal(20, counts.Count);
        Assert.Equal(90, counts.Sum());
        var plan = table.Items("columns").Single(c => c.Str("name") == "plan");
        Assert.Equal(["free", "pro"], plan.Items("top_values").Select(v => v.Str("value")));
        Assert.Equal(67, plan.Items("top_values")[0].Int64Value("count"));

        var stored = await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions/1");
        Assert.Equal(100, Assert.Single(stored.Items("profile.tables")).Int64Value("row_count"));
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", "line 3")]
    [InlineData("a,b\n1,\"unterminated\n", "bad.csv")]
    [InlineData("a,b\n", "no rows")]
    [InlineData("", "empty")]
    public async Task A_corrupt_table_refuses_the_commit_naming_the_file_and_existing_versions_stay(string content, string expected)
    {
        var dataset = Names.Unique("corrupt");
        await _wire.PushAsync(dataset, [Csv("good.csv", "a,b\n1,2\n")]);

        var bad = Csv("bad.csv", content);
        await _wire.UploadAsync([bad]);
        var message = await AssertError(await _wire.CommitAsync(dataset, [Csv("good.csv", "a,b\n1,2\n"), bad]), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("bad.csv", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single((await _wire.GetOkAsync($"/api/v1/datasets/{dataset}/versions")).Items("versions")).Int64Value("version"));
    }

    [Fact]
    public async Task A_parquet_file_that_is_not_parquet_is_refused()
    {
        var bad = new WireFile("data/table.parquet", Encoding.UTF8.GetBytes("PAR? definitely not parquet"), "application/vnd.apache.parquet");
        await _wire.UploadAsync([bad]);

        var message = await AssertError(await _wire.CommitAsync(Names.Unique("pq"), [bad]), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("data/table.parquet", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_reports_schema_and_row_count_changes_of_tables()
    {
        var dataset = Names.Unique("evolving");
        await _wire.PushAsync(dataset, [Csv("t.csv", "id,score,old\n1,0.5,x\n2,0.7,y\n")]);
        await _wire.PushAsync(dataset, [Csv("t.csv", "id,score,new\n1,high,3\n2,low,4\n3,mid,5\n")]);

        var diff = await _wire.GetOkAsync($"/api/v1/dataset-diff?from={dataset}@1&to={dataset}@2");

        var table = Assert.Single(diff.Items("tables"));
        Assert.Equal((2L, 3L), (table.Int64Value("from_row_count"), table.Int64Value("to_row_count")));
        Assert.Equal("new", Assert.Single(table.Items("added_columns")).Str("name"));
        Assert.Equal("old", Assert.Single(table.Items("removed_columns")).Str("name"));
        var retyped = Assert.Single(table.Items("changed_columns"));
        Assert.Equal(("score", "float", "string"), (retyped.Str("name"), retyped.Str("from_type"), retyped.Str("to_type")));
    }

    [Fact]
    public async Task Validation_reports_each_expectation_and_fails_only_on_errors()
    {
        var dataset = Names.Unique("validated");
        await _wire.PushAsync(dataset, [Csv("c.csv", "id,email,plan\n1,a@x.io,free\n2,b@x.io,pro\n3,broken,gold\n")]);
        const string suite = """
            expectations:
              - row_count: {min: 1, max: 10}
              - unique: id
              - regex: {column: email, pattern: '^[^@]+@[^@]+$', severity: warn}
              - allowed_values: {column: plan, values: [free, pro]}
            """;

        var report = await ValidateAsync(dataset, suite);

        Assert.False(report["passed"]!.GetValue<bool>());
        var results = report.Items("results");
        Assert.Equal([true, true, false, false], results.Select(r => r["passed"]!.GetValue<bool>()));
        Assert.Equal(["error", "error", "warn", "error"], results.Select(r => r.Str("severity")));
        Assert.Contains("gold", results[3].Str("message"), StringComparison.Ordinal);

        var warnOnly = await ValidateAsync(dataset, "expectations:\n  - regex: {column: email, pattern: '^[^@]+@[^@]+$', severity: warn}\n");
        Assert.True(warnOnly["passed"]!.GetValue<bool>());

        using var malformed = new StringContent("expectations:\n  - not_nul: id\n", Encoding.UTF8, "application/yaml");
        var message = await AssertError(await _http.PostAsync($"/api/v1/datasets/{dataset}/versions/1/validate?source=checks.yaml", malformed), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("checks.yaml line 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_versions_count_images_by_folder_and_serve_thumbnails()
    {
        var dataset = Names.Unique("pets");
        var cat = new WireFile("train/cat/1.png", Png(640, 320), "image/png");
        var dog = new WireFile("train/dog/1.png", Png(100, 200), "image/png");
        var committed = await _wire.PushAsync(dataset, [cat, dog, WireFile.Text("labels.txt", "cat\ndog\n")]);

        Assert.Equal(2, committed.Int64Value("profile.images.count"));
        Assert.Equal(["train/cat", "train/dog"], committed.Items("profile.images.folders").Select(f => f.Str("folder")));
        Assert.Equal(640, committed.Int64Value("profile.images.max_width"));

        using var thumbnail = await _http.GetAsync($"/api/v1/datasets/{dataset}/versions/1/thumbnails/train/cat/1.png?size=64");
        Assert.Equal(200, (int)thumbnail.StatusCode);
        using var decoded = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal((64, 32), (decoded.Width, decoded.Height));

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/datasets/{dataset}/versions/1/thumbnails/train/cat/1.png?size=64");
        again.Headers.TryAddWithoutValidation("If-None-Match", thumbnail.Headers.ETag!.ToString());
        Assert.Equal(304, (int)(await _http.SendAsync(again)).StatusCode);
        await AssertError(await _http.GetAsync($"/api/v1/datasets/{dataset}/versions/1/thumbnails/labels.txt"), 400, "INVALID_PARAMETER_VALUE");
    }

    private async Task<JsonObject> ValidateAsync(string dataset, string suite)
    {
        using var body = new StringContent(suite, Encoding.UTF8, "application/yaml");
        return await ReadOkAsync(await _http.PostAsync($"/api/v1/datasets/{dataset}/versions/latest/validate", body));
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.CornflowerBlue);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
