using System.Globalization;
using DuckDB.NET.Data;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Testing;

namespace Slipway.Client.Tests.Cli;

/// <summary>
/// <c>slipway predict</c> in-process against the real server: a CSV dataset pushed with the SDK, a linear ONNX model
/// registered with feature columns, scored by the command, and the pushed predictions pulled back and checked row by row.
/// </summary>
public sealed class PredictCommandTests : IClassFixture<InProcessServerFixture>, IDisposable
{
    private static readonly float[] Weights = [2f, -1f, 0.5f];
    private const float Bias = 0.25f;

    private readonly string _temp = Directory.CreateTempSubdirectory("slipway-predict-cli-").FullName;
    private readonly InProcessServerFixture _server;
    private readonly SlipwayClient _client;
    private readonly ModelRegistrar _models;

    public PredictCommandTests(InProcessServerFixture server)
    {
        _server = server;
        _client = new SlipwayClient(server.BaseUri);
        _models = new ModelRegistrar(_client, _temp);
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task Predict_scores_every_row_of_the_input_version_and_pushes_the_predictions_as_a_new_version()
    {
        var (model, input) = await PrepareAsync();
        var output = Unique("scores");

        var result = await RunAsync("predict", "--model", $"models:/{model}@champion", "--input", $"data:{input}@1", "--output", $"data:{output}", "--chunk-rows", "7");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"Scored 50 rows in 2 files of data:{input}@1 with models:/{model}/1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Predictions: data:{output}@1", result.Stdout, StringComparison.Ordinal);
        var version = await _client.GetDatasetVersionAsync(output, "1");
        Assert.Equal($"predictions of models:/{model}/1 on data:{input}@1", version.Version.Message);
        var pulled = Path.Combine(_temp, "pulled");
        await _client.PullAsync($"data:{output}@1", pulled);
        Assert.Equal(["a.parquet", Path.Combine("more", "b.parquet")], Directory.EnumerateFiles(pulled, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(pulled, f)).Order(StringComparer.Ordinal));
        var rows = Read(Path.Combine(pulled, "a.parquet")).Concat(Read(Path.Combine(pulled, "more", "b.parquet"))).ToList();
        Assert.Equal(50, rows.Count);
        foreach (var (id, f0, f1, f2, y) in rows)
        {
            Assert.Equal((float)((Weights[0] * f0) + (Weights[1] * f1) + (Weights[2] * f2) + Bias), y, 4);
            Assert.True(id >= 0);
        }
    }

    [Fact]
    public async Task A_column_the_model_needs_missing_fails_naming_it_and_pushes_nothing()
    {
        var (model, _) = await PrepareAsync();
        var input = Unique("narrow");
        var source = Path.Combine(_temp, "narrow");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "rows.csv"), "id,f0,f1\n1,1.0,2.0\n");
        await _client.PushAsync(source, input);
        var output = Unique("scores");

        var result = await RunAsync("predict", "--model", $"models:/{model}/1", "--input", $"data:{input}", "--output", output);
        var unknown = await RunAsync("predict", "--model", $"models:/{model}@nobody", "--input", $"data:{input}", "--output", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("f2", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was pushed", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("nobody", unknown.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain((await _client.ListDatasetsAsync()).Select(d => d.Name), n => n == output);
    }

    private async Task<(string Model, string Input)> PrepareAsync()
    {
        var model = Unique("linear");
        var version = await _models.RegisterAsync(model, dir => ModelDirectories.Linear(dir, Weights, Bias, ["f0", "f1", "f2"]));
        await _client.SetRegisteredModelAliasAsync(model, "champion", version);
        var input = Unique("customers");
        var source = Path.Combine(_temp, input);
        Directory.CreateDirectory(Path.Combine(source, "more"));
        await File.WriteAllTextAsync(Path.Combine(source, "a.csv"), Csv(0, 30));
        await File.WriteAllTextAsync(Path.Combine(source, "more", "b.csv"), Csv(30, 20));
        await File.WriteAllTextAsync(Path.Combine(source, "README.txt"), "not a table");
        await _client.PushAsync(source, input);
        return (model, input);
    }

    /// <summary>Rows id, f0, f1, f2 with features in another order than the model's, and a text column it ignores.</summary>
    private static string Csv(int first, int count) =>
        "id,f2,label,f0,f1\n" + string.Concat(Enumerable.Range(first, count).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i},{i % 5},row {i},{(i % 7) * 0.5},{i * 0.25}\n")));

    private static List<(long Id, double F0, double F1, double F2, float Y)> Read(string parquet)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, f0, f1, f2, y FROM read_parquet('{parquet.Replace("'", "''", StringComparison.Ordinal)}') ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, double, double, double, float)>();
        while (reader.Read())
        {
            rows.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture),
                Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture), Convert.ToDouble(reader.GetValue(3), CultureInfo.InvariantCulture),
                Convert.ToSingle(reader.GetValue(4), CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync(
            [.. args, "--tracking-uri", _server.BaseUri.AbsoluteUri],
            new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(_temp, "cache") });
}
