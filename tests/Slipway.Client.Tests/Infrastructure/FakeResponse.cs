namespace Slipway.Client.Tests.Infrastructure;

/// <summary>What the fake server answers.</summary>
public sealed record FakeResponse(int StatusCode, string Body, string ContentType = "application/json")
{
    /// <summary>Response headers besides the content type.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static FakeResponse Ok(string json = "{}") => new(200, json);

    public static FakeResponse Error(int statusCode, string errorCode, string message) =>
        new(statusCode, $$"""{"error_code":"{{errorCode}}","message":"{{message}}"}""");

    public static FakeResponse NotFound(string message) => Error(404, "RESOURCE_DOES_NOT_EXIST", message);
}
