using System.Text.Json;
using Slipway.Client.Deployments;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Serving;

namespace Slipway.Client.Tests.Cli;

/// <summary>
/// <c>slipway deployments</c> in-process against the real server: models registered with the SDK, deployed, shown,
/// predicted with, updated, rolled back and deleted through the commands, checked through the SDK.
/// </summary>
public sealed class DeploymentCommandTests : IClassFixture<InProcessServerFixture>, IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("slipway-deployments-cli-").FullName;
    private readonly InProcessServerFixture _server;
    private readonly SlipwayClient _client;
    private readonly ModelRegistrar _models;

    public DeploymentCommandTests(InProcessServerFixture server)
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
    public async Task Create_prints_the_ready_deployment_and_get_and_list_show_what_is_served()
    {
        var model = ModelName();
        var version = await _models.RegisterLinearAsync(model, bias: 0.25f);
        await _client.SetRegisteredModelAliasAsync(model, "champion", version);
        var name = DeploymentName();

        var create = await RunAsync("deployments", "create", name, "--model", $"models:/{model}@champion", "--description", "churn scoring", "--batch-size", "8");
        var get = await RunAsync("deployments", "get", name);
        var list = await RunAsync("deployments", "list");

        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Contains($"Created deployment '{name}'.", create.Stdout, StringComparison.Ordinal);
        Assert.Contains("State:         ready, serving revision 1", create.Stdout, StringComparison.Ordinal);
        Assert.True(get.ExitCode == 0, get.Stderr);
        foreach (var expected in new[] { $"Deployment:    {name}", "Description:   churn scoring", $"Targets:       models:/{model}@champion", "Batching:      up to 8 rows, waiting at most 5 ms", "Logging:       every request" })
        {
            Assert.Contains(expected, get.Stdout, StringComparison.Ordinal);
        }

        var served = Assert.Single(Lines(get.Stdout), l => l.Contains("primary", StringComparison.Ordinal));
        Assert.Contains($"│ {model} │ 1       │ 100%", served, StringComparison.Ordinal);
        var listed = Assert.Single(Lines(list.Stdout), l => l.Contains(name, StringComparison.Ordinal));
        Assert.Contains("ready", listed, StringComparison.Ordinal);
        Assert.Contains($"{model} v1 (primary)", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_prints_a_line_per_row_from_rows_json_or_a_file_and_json_output_is_machine_readable()
    {
        var name = await DeployLinearAsync(bias: 0.25f);
        var requestFile = Path.Combine(_temp, "request.json");
        await File.WriteAllTextAsync(requestFile, """{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [0, 0, 0]}]}""");

        var rows = await RunAsync("deployments", "predict", name, "--rows", "[[1, 2, 3], [0, 0, 0]]");
        var json = await RunAsync("deployments", "predict", name, "--json", """{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]}""", "--output", "json");
        var file = await RunAsync("deployments", "predict", name, "--file", requestFile);

        Assert.True(rows.ExitCode == 0, rows.Stderr);
        Assert.Contains("y (FP32)", rows.Stdout, StringComparison.Ordinal);
        Assert.Contains("│ 0   │ 1.75     │", rows.Stdout, StringComparison.Ordinal);
        Assert.Contains("│ 1   │ 0.25     │", rows.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Answered by version 1 of '{name}', route primary.", rows.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
        var output = document.RootElement.GetProperty("outputs")[0];
        Assert.Equal(("y", "FP32", 1.75), (output.GetProperty("name").GetString(), output.GetProperty("datatype").GetString(), output.GetProperty("data")[0].GetDouble()));
        Assert.Equal("primary", document.RootElement.GetProperty("route").GetString());
        Assert.True(file.ExitCode == 0, file.Stderr);
        Assert.Contains("│ 0   │ 0.25     │", file.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_changes_only_the_settings_given_and_keeps_the_rest_of_the_current_revision()
    {
        var model = ModelName();
        var v1 = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var v2 = await _models.RegisterLinearAsync(model, bias: 10.25f);
        var name = DeploymentName();
        var create = await RunAsync(
            "deployments", "create", name, "--model", $"models:/{model}/{v1}", "--sticky-header", "X-User-Id",
            "--batch-size", "16", "--batch-latency-ms", "3", "--log-sample-rate", "0.5", "--shadow", $"models:/{model}/{v2}");
        Assert.True(create.ExitCode == 0, create.Stderr);

        var split = await RunAsync("deployments", "update", name, "--model", $"models:/{model}/{v1}=90", "--model", $"models:/{model}/{v2}=10");
        var cleared = await RunAsync("deployments", "update", name, "--clear", "shadow", "--batch-latency-ms", "7");

        Assert.True(split.ExitCode == 0, split.Stderr);
        Assert.Contains("Updated deployment", split.Stdout, StringComparison.Ordinal);
        Assert.Contains($"models:/{model}/{v1} (90%), models:/{model}/{v2} (10%)", split.Stdout, StringComparison.Ordinal);
        Assert.True(cleared.ExitCode == 0, cleared.Stderr);
        var deployment = await _client.GetDeploymentAsync(name);
        Assert.Equal(3L, deployment.Revision);
        Assert.Equal(
            new DeploymentSpec(
                [new DeploymentTarget($"models:/{model}/{v1}", 90), new DeploymentTarget($"models:/{model}/{v2}", 10)],
                Shadow: null,
                StickyHeader: "X-User-Id",
                Batching: new DeploymentBatching(16, 7),
                LogSampleRate: 0.5),
            deployment.Spec);
        Assert.Equal(["canary", "primary"], deployment.Status.Serving.Select(s => s.Route).Order());
    }

    [Fact]
    public async Task Revisions_list_the_history_and_rollback_restores_the_previous_or_a_named_revision()
    {
        var model = ModelName();
        var v1 = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var v2 = await _models.RegisterLinearAsync(model, bias: 10.25f);
        var name = DeploymentName();
        await _client.CreateDeploymentAsync(name, new DeploymentSpec([new DeploymentTarget($"models:/{model}/{v1}", 100)]));
        await _client.UpdateDeploymentAsync(name, new DeploymentSpec([new DeploymentTarget($"models:/{model}/{v2}", 100)]));

        var back = await RunAsync("deployments", "rollback", name);
        var named = await RunAsync("deployments", "rollback", name, "--to-revision", "2", "--output", "json");
        var revisions = await RunAsync("deployments", "revisions", name);

        Assert.True(back.ExitCode == 0, back.Stderr);
        Assert.Contains($"Rolled deployment '{name}' back; it is now at revision 3.", back.Stdout, StringComparison.Ordinal);
        Assert.True(named.ExitCode == 0, named.Stderr);
        using (var document = JsonDocument.Parse(named.Stdout))
        {
            Assert.Equal(4, document.RootElement.GetProperty("revision").GetInt64());
            Assert.Equal("ready", document.RootElement.GetProperty("status").GetProperty("state").GetString());
        }

        var predicted = await _client.PredictRowsAsync(name, [[1f, 2f, 3f]]);
        Assert.Equal([11.75f], predicted);
        Assert.True(revisions.ExitCode == 0, revisions.Stderr);
        var lines = Lines(revisions.Stdout);
        string[] changes = ["rolled back to revision 2", "rolled back to revision 1", "updated", "created"];
        var positions = changes.Select(c => lines.FindIndex(l => l.Contains(c, StringComparison.Ordinal))).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, revisions.Stdout));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task Delete_removes_the_deployment_and_later_commands_exit_1_with_the_servers_message()
    {
        var name = await DeployLinearAsync(bias: 0.25f);

        var delete = await RunAsync("deployments", "delete", name);
        var get = await RunAsync("deployments", "get", name);
        var predict = await RunAsync("deployments", "predict", name, "--rows", "[[1, 2, 3]]");

        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Contains($"Deleted deployment '{name}'", delete.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, get.ExitCode);
        Assert.StartsWith("error: RESOURCE_DOES_NOT_EXIST: ", get.Stderr, StringComparison.Ordinal);
        Assert.Contains(name, get.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, predict.ExitCode);
        Assert.StartsWith("error: RESOURCE_DOES_NOT_EXIST: ", predict.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revision_that_fails_to_load_is_shown_and_exits_1_with_the_load_error()
    {
        var model = ModelName();
        var good = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var broken = await _models.RegisterBrokenAsync(model);
        var name = DeploymentName();
        await _client.CreateDeploymentAsync(name, new DeploymentSpec([new DeploymentTarget($"models:/{model}/{good}", 100)]));

        var result = await RunAsync("deployments", "update", name, "--model", $"models:/{model}/{broken}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("State:         failed, serving revision 1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Error:         ", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith($"error: Deployment '{name}' revision 2 failed to load: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not an ONNX model", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(DeploymentState.Failed, (await _client.GetDeploymentAsync(name)).Status.State);
    }

    [Fact]
    public async Task Server_refusals_and_bad_input_exit_1_with_one_line()
    {
        var name = await DeployLinearAsync(bias: 0.25f);

        var unknownModel = await RunAsync("deployments", "create", DeploymentName(), "--model", $"models:/{ModelName()}@champion");
        var wrongType = await RunAsync("deployments", "predict", name, "--json", """{"inputs": [{"name": "x", "datatype": "FP64", "shape": [1, 3], "data": [1, 2, 3]}]}""");
        var ragged = await RunAsync("deployments", "predict", name, "--rows", "[[1, 2, 3], [1]]");
        var nothing = await RunAsync("deployments", "update", name);

        Assert.Equal(1, unknownModel.ExitCode);
        Assert.StartsWith("error: RESOURCE_DOES_NOT_EXIST: ", unknownModel.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, wrongType.ExitCode);
        Assert.Equal("error: BAD_REQUEST: Input 'x' is FP64 but the model expects FP32.", wrongType.Stderr.Trim());
        Assert.Equal(1, ragged.ExitCode);
        Assert.Contains("same number of values", ragged.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, nothing.ExitCode);
        Assert.Contains("Nothing to change", nothing.Stderr, StringComparison.Ordinal);
        Assert.All([unknownModel, wrongType, ragged, nothing], r => Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private async Task<string> DeployLinearAsync(float bias)
    {
        var model = ModelName();
        var version = await _models.RegisterLinearAsync(model, bias);
        var name = DeploymentName();
        await _client.CreateDeploymentAsync(name, new DeploymentSpec([new DeploymentTarget($"models:/{model}/{version}", 100)]));
        return name;
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync([.. args, "--tracking-uri", _server.BaseUri.AbsoluteUri]);

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static string ModelName() => $"m-{Guid.NewGuid():N}";

    private static string DeploymentName() => $"d-{Guid.NewGuid():N}"[..20];
}
