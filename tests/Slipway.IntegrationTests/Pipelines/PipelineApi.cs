using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Data;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>The pipeline API spoken over HTTP: launch a spec, wait for the run to end, read steps and logs.</summary>
public sealed class PipelineApi(HttpClient http)
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    public HttpClient Http => http;

    public Task<HttpResponseMessage> LaunchAsync(string spec, IReadOnlyDictionary<string, string>? parameters = null, string? code = null)
    {
        var body = new JsonObject { ["spec"] = spec, ["file_name"] = "slipway.yaml" };
        if (parameters is not null)
        {
            body["params"] = new JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        if (code is not null)
        {
            body["code"] = code;
        }

        return http.PostAsJsonAsync("/api/v1/pipeline-runs", body);
    }

    /// <summary>Launches and returns the run (201 expected).</summary>
    public async Task<JsonObject> StartAsync(string spec, IReadOnlyDictionary<string, string>? parameters = null, string? code = null)
    {
        var response = await LaunchAsync(spec, parameters, code);
        var body = await ReadAsync(response, HttpStatusCode.Created);
        return body["run"]!.AsObject();
    }

    /// <summary>Launches, waits for the end, and returns the run with its steps.</summary>
    public async Task<JsonObject> RunAsync(string spec, IReadOnlyDictionary<string, string>? parameters = null, string? code = null) =>
        await WaitAsync((await StartAsync(spec, parameters, code)).Str("id"));

    /// <summary>Registers a spec (<c>POST /api/v1/pipelines</c>), making its triggers the active ones, and returns the pipeline.</summary>
    public async Task<JsonObject> ApplyAsync(string spec) =>
        await ReadAsync(await http.PostAsJsonAsync("/api/v1/pipelines", new JsonObject { ["spec"] = spec, ["file_name"] = "slipway.yaml" }), HttpStatusCode.OK);

    /// <summary>The pipeline's runs, newest first.</summary>
    public async Task<IReadOnlyList<JsonObject>> RunsOfAsync(string pipeline) =>
        (await ReadAsync(await http.GetAsync($"/api/v1/pipeline-runs?pipeline={Uri.EscapeDataString(pipeline)}"), HttpStatusCode.OK)).Items("runs");

    /// <summary>Polls until the pipeline has at least <paramref name="count"/> runs and returns them, newest first.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForRunsAsync(string pipeline, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            var runs = await RunsOfAsync(pipeline);
            if (runs.Count >= count)
            {
                return runs;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Pipeline {pipeline} has {runs.Count} runs, not {count}, after {timeout ?? DefaultWait}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Creates a webhook for a registered pipeline; the answer holds its id, url and (this once) its token.</summary>
    public async Task<JsonObject> CreateWebhookAsync(string pipeline) =>
        await ReadAsync(await http.PostAsync($"/api/v1/pipelines/{pipeline}/webhooks", null), HttpStatusCode.Created);

    public async Task<JsonObject> CancelAsync(string runId) =>
        await ReadAsync(await http.PostAsync($"/api/v1/pipeline-runs/{runId}/cancel", null), HttpStatusCode.OK);

    /// <summary>
    /// Pushes files as a new version of the dataset <c>code.&lt;pipeline&gt;</c>, as <c>slipway run</c> ships the
    /// pipeline's directory, and returns the reference to launch with as <c>code</c>.
    /// </summary>
    public async Task<string> PushCodeAsync(string pipeline, params (string Path, string Text)[] files)
    {
        var pushed = await new DatasetWire(http).PushAsync("code." + pipeline, [.. files.Select(f => DatasetWire.File.Text(f.Path, f.Text))]);
        return $"data:code.{pipeline}@{pushed.Int64Value("version")}";
    }

    public async Task<JsonObject> GetAsync(string runId) => await ReadAsync(await http.GetAsync($"/api/v1/pipeline-runs/{runId}"), HttpStatusCode.OK);

    /// <summary>Polls until the run has ended and returns it with its steps.</summary>
    public async Task<JsonObject> WaitAsync(string runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            var run = await GetAsync(runId);
            if (run.Str("status") is "succeeded" or "failed" or "canceled")
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Pipeline run {runId} did not end in time: {run.ToJsonString()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls until a step reaches one of the statuses.</summary>
    public async Task<JsonObject> WaitForStepAsync(string runId, string step, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + DefaultWait;
        while (true)
        {
            var run = await GetAsync(runId);
            var found = Step(run, step);
            if (statuses.Contains(found.Str("status")))
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Step {step} never reached {string.Join("/", statuses)}: {run.ToJsonString()}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<string> LogsAsync(string runId, string step)
    {
        var response = await http.GetAsync($"/api/v1/pipeline-runs/{runId}/steps/{step}/logs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// A one-line shell command that logs a metric into the step's own run through the MLflow REST API, the way any
    /// client would, with only <c>MLFLOW_TRACKING_URI</c> and <c>MLFLOW_RUN_ID</c> to go on. <paramref name="value"/>
    /// may be a template such as <c>${{ matrix.x }}</c>.
    /// </summary>
    public static string LogMetricCommand(string key, string value) =>
        "python3 -c \"import json, os, urllib.request as u; "
        + "body = {'run_id': os.environ['MLFLOW_RUN_ID'], 'key': '" + key + "', 'value': float('" + value + "'), 'timestamp': 0, 'step': 0}; "
        + "u.urlopen(u.Request(os.environ['MLFLOW_TRACKING_URI'] + '/api/2.0/mlflow/runs/log-metric', json.dumps(body).encode(), {'Content-Type': 'application/json'})).read()\"";

    /// <summary>A spec body under a given pipeline name, so a test can launch the same pipeline more than once.</summary>
    public static string Spec(string name, string body) => $"name: {name}\n" + body;

    public static JsonObject Step(JsonObject run, string name) =>
        run.Items("steps").FirstOrDefault(s => s.Str("name") == name) ?? throw new Xunit.Sdk.XunitException($"No step {name} in {run.ToJsonString()}");

    public static string Status(JsonObject run, string step) => Step(run, step).Str("status");

    /// <summary>A step's process start and exit (its first attempt's start, its last attempt's end), in ms.</summary>
    public static (long Start, long End) Span(JsonObject run, string step)
    {
        var attempts = Step(run, step).Items("attempt_history");
        return (attempts[0].Int64Value("start_time"), attempts[^1].Int64Value("end_time"));
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
