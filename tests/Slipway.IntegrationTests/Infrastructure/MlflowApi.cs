using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>
/// Posts and gets MLflow REST messages as JSON, asserts success or an MLflow error body, and offers the few
/// set-up calls most tests need (create an experiment, a run, log a batch).
/// </summary>
public sealed class MlflowApi(HttpClient http, string prefix = MlflowApi.ApiPrefix)
{
    public const string ApiPrefix = "/api/2.0/mlflow/";
    public const string AjaxPrefix = "/ajax-api/2.0/mlflow/";

    public HttpClient Http => http;

    public string Prefix => prefix;

    public Task<HttpResponseMessage> PostAsync(string endpoint, JsonNode body) => SendAsync(HttpMethod.Post, endpoint, body);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string endpoint, JsonNode? body, params (string Key, string Value)[] query)
    {
        using var request = new HttpRequestMessage(method, prefix + endpoint + QueryString(query));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }

    /// <summary>GET with the message in the query string; list fields repeat their key.</summary>
    public Task<HttpResponseMessage> GetAsync(string endpoint, params (string Key, string Value)[] query) =>
        http.GetAsync(prefix + endpoint + QueryString(query));

    public async Task<JsonObject> PostOkAsync(string endpoint, JsonNode body)
    {
        using var response = await PostAsync(endpoint, body);
        return await ReadOkAsync(response);
    }

    public async Task<JsonObject> GetOkAsync(string endpoint, params (string Key, string Value)[] query)
    {
        using var response = await GetAsync(endpoint, query);
        return await ReadOkAsync(response);
    }

    public async Task<JsonObject> SendOkAsync(HttpMethod method, string endpoint, JsonNode? body, params (string Key, string Value)[] query)
    {
        using var response = await SendAsync(method, endpoint, body, query);
        return await ReadOkAsync(response);
    }

    /// <summary>Asserts a 200 with a JSON object body and returns it; otherwise fails showing the body.</summary>
    public static async Task<JsonObject> ReadOkAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"Expected 200 from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} but got {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text) is JsonObject obj
            ? obj
            : throw new Xunit.Sdk.XunitException($"Expected a JSON object from {response.RequestMessage?.RequestUri}, got: {text}");
    }

    /// <summary>
    /// Asserts an MLflow error: the status, a JSON body <c>{"error_code", "message"}</c> with this code and a
    /// non-empty message. Returns the message for further checks.
    /// </summary>
    public static async Task<string> AssertError(HttpResponseMessage response, int status, string errorCode)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        var where = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}";
        Assert.True((int)response.StatusCode == status, $"Expected {status} {errorCode} from {where} but got {(int)response.StatusCode}: {text}");
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        Assert.True(body is JsonObject, $"Expected a JSON error body from {where}, got: {text}");
        Assert.Equal(errorCode, body!["error_code"]?.GetValue<string>());
        var message = body["message"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(message), $"Expected a message in the error body from {where}: {text}");
        return message!;
    }

    /// <summary>
    /// Asserts that an error message names the offending token and its position: the token must appear in the
    /// message even after the echoed input itself is removed, so echoing the whole filter back is not enough.
    /// </summary>
    public static void AssertNamesToken(string message, string input, string token)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(input);
        var rest = message.Replace($"'{input}'", string.Empty, StringComparison.Ordinal).Replace(input, string.Empty, StringComparison.Ordinal);
        Assert.True(rest.Contains(token, StringComparison.Ordinal), $"The message does not single out '{token}': {message}");
        Assert.True(rest.Contains("position", StringComparison.OrdinalIgnoreCase), $"The message does not give the position: {message}");
    }

    public static string QueryString(params (string Key, string Value)[] query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Length == 0
            ? string.Empty
            : "?" + string.Join('&', query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
    }

    public static JsonObject KeyValue(string key, string value) => new() { ["key"] = key, ["value"] = value };

    public static JsonArray KeyValues(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => (JsonNode?)KeyValue(p.Key, p.Value)).ToArray());

    /// <summary>A metric message; NaN and infinities are sent as the strings MLflow's protobuf JSON uses.</summary>
    public static JsonObject Metric(string key, double value, long step = 0, long? timestamp = null) => new()
    {
        ["key"] = key,
        ["value"] = double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture)),
        ["timestamp"] = timestamp ?? Now,
        ["step"] = step,
    };

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public async Task<string> CreateExperimentAsync(string? name = null, JsonArray? tags = null)
    {
        var body = new JsonObject { ["name"] = name ?? Names.Unique("exp") };
        if (tags is not null)
        {
            body["tags"] = tags;
        }

        return (await PostOkAsync("experiments/create", body)).Str("experiment_id");
    }

    public async Task<JsonObject> GetExperimentAsync(string experimentId) =>
        (await GetOkAsync("experiments/get", ("experiment_id", experimentId))).Required("experiment").AsObject();

    /// <summary>Creates a run and returns the <c>run</c> object of the response.</summary>
    public async Task<JsonObject> CreateRunAsync(string experimentId, string? runName = null, long? startTime = null, JsonArray? tags = null)
    {
        var body = new JsonObject { ["experiment_id"] = experimentId, ["start_time"] = startTime ?? Now };
        if (runName is not null)
        {
            body["run_name"] = runName;
        }

        if (tags is not null)
        {
            body["tags"] = tags;
        }

        return (await PostOkAsync("runs/create", body)).Required("run").AsObject();
    }

    public async Task<string> CreateRunIdAsync(string experimentId, string? runName = null, long? startTime = null) =>
        (await CreateRunAsync(experimentId, runName, startTime)).Str("info.run_id");

    public async Task<JsonObject> GetRunAsync(string runId) =>
        (await GetOkAsync("runs/get", ("run_id", runId))).Required("run").AsObject();

    public Task<JsonObject> LogBatchAsync(string runId, JsonArray? metrics = null, JsonArray? parameters = null, JsonArray? tags = null) =>
        PostOkAsync("runs/log-batch", LogBatchBody(runId, metrics, parameters, tags));

    public static JsonObject LogBatchBody(string runId, JsonArray? metrics = null, JsonArray? parameters = null, JsonArray? tags = null)
    {
        var body = new JsonObject { ["run_id"] = runId };
        if (metrics is not null)
        {
            body["metrics"] = metrics;
        }

        if (parameters is not null)
        {
            body["params"] = parameters;
        }

        if (tags is not null)
        {
            body["tags"] = tags;
        }

        return body;
    }

    public Task<JsonObject> LogMetricAsync(string runId, string key, double value, long step = 0) =>
        LogBatchAsync(runId, metrics: [Metric(key, value, step)]);

    public Task<JsonObject> SetRunStatusAsync(string runId, string status) =>
        PostOkAsync("runs/update", new JsonObject { ["run_id"] = runId, ["status"] = status, ["end_time"] = Now });

    public Task<JsonObject> LogInputsAsync(string runId, string name, string digest, string? context = null)
    {
        var input = new JsonObject
        {
            ["dataset"] = new JsonObject
            {
                ["name"] = name,
                ["digest"] = digest,
                ["source_type"] = "local",
                ["source"] = $"{{\"uri\": \"file:///data/{name}.csv\"}}",
            },
        };
        if (context is not null)
        {
            input["tags"] = KeyValues(("mlflow.data.context", context));
        }

        return PostOkAsync("runs/log-inputs", new JsonObject { ["run_id"] = runId, ["datasets"] = new JsonArray(input) });
    }

    public async Task<string> CreateRegisteredModelAsync(string? name = null)
    {
        var modelName = name ?? Names.Unique("model");
        await PostOkAsync("registered-models/create", new JsonObject { ["name"] = modelName });
        return modelName;
    }

    /// <summary>Registers a version from <c>runs:/{runId}/model</c> and returns the <c>model_version</c> object.</summary>
    public async Task<JsonObject> CreateModelVersionAsync(string modelName, string runId) =>
        (await PostOkAsync("model-versions/create", new JsonObject
        {
            ["name"] = modelName,
            ["source"] = $"runs:/{runId}/model",
            ["run_id"] = runId,
        })).Required("model_version").AsObject();

    public Task<JsonObject> TransitionStageAsync(string modelName, string version, string stage, bool archiveExisting = false) =>
        PostOkAsync("model-versions/transition-stage", new JsonObject
        {
            ["name"] = modelName,
            ["version"] = version,
            ["stage"] = stage,
            ["archive_existing_versions"] = archiveExisting,
        });

    public static string ToText(long value) => value.ToString(CultureInfo.InvariantCulture);
}
