using System.Collections.Specialized;
using System.Text.Json;

namespace Slipway.Client.Tests.Infrastructure;

/// <summary>One request the fake server received.</summary>
public sealed class RecordedRequest(string method, string path, NameValueCollection query, NameValueCollection headers, string body)
{
    public string Method { get; } = method;

    /// <summary>The URL path, such as <c>/api/2.0/mlflow/runs/log-batch</c>.</summary>
    public string Path { get; } = path;

    public NameValueCollection Query { get; } = query;

    public NameValueCollection Headers { get; } = headers;

    public string Body { get; } = body;

    /// <summary>The body parsed as JSON (an empty object for an empty body).</summary>
    public JsonElement Json => JsonDocument.Parse(Body.Length == 0 ? "{}" : Body).RootElement;

    public string[] QueryValues(string key) => Query.GetValues(key) ?? [];

    public int ArrayLength(string property) =>
        Json.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;

    public override string ToString() => $"{Method} {Path}";
}
