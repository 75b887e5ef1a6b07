using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Slipway.Bench;

/// <summary>
/// The load generator's HTTP side: pre-encoded request bodies, pooled connections, no per-request
/// serialization, so the generator spends as little of the shared CPU as possible.
/// </summary>
public sealed class MlflowLoadClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    /// <param name="authorization">An Authorization header value sent with every request (Basic or Bearer); null sends none.</param>
    public MlflowLoadClient(Uri baseUri, int connections, string? authorization = null)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (authorization is not null)
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }
    }

    public static byte[] Encode(JsonNode body) => Encoding.UTF8.GetBytes(body.ToJsonString());

    public async Task<bool> PostAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(path, content);
        await response.Content.CopyToAsync(Stream.Null);
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseContentRead);
        return response.IsSuccessStatusCode;
    }

    public async Task<JsonNode> PostJsonAsync(string path, JsonNode body)
    {
        using var content = new ByteArrayContent(Encode(body));
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} failed with {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }

    public async Task<string> CreateExperimentAsync(string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var response = await PostJsonAsync("api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = name });
        return response["experiment_id"]!.GetValue<string>();
    }

    public async Task<string> CreateRunAsync(string experimentId)
    {
        var response = await PostJsonAsync("api/2.0/mlflow/runs/create", new JsonObject
        {
            ["experiment_id"] = experimentId,
            ["start_time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        });
        return response["run"]!["info"]!["run_id"]!.GetValue<string>();
    }

    public static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => _http.Dispose();
}
