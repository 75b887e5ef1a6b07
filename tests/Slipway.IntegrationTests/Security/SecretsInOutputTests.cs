using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Security;

/// <summary>
/// Secrets never reach the server's output: a real <c>slipway server</c> process gets the admin password from its
/// environment, sees right and wrong passwords, malformed headers and API tokens, and its stdout and stderr are
/// searched for every one of them.
/// </summary>
public sealed class SecretsInOutputTests
{
    [Fact]
    public async Task Passwords_and_tokens_never_appear_in_the_server_output()
    {
        const string adminPassword = "Sup3r-s3cret-admin-pa55";
        const string wrongPassword = "Wr0ng-s3cret-guess-99";
        using var data = new TempDirectory();
        var server = await ServerProcess.StartAsync(
            ["server", "--host", "127.0.0.1", "--port", "0", "--data-dir", data.Path],
            new Dictionary<string, string> { ["SLIPWAY_ADMIN_PASSWORD"] = adminPassword });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        try
        {
            await ExerciseAsync(http, adminPassword, wrongPassword);
        }
        finally
        {
            await server.DisposeAsync();
        }

        var output = server.StandardOutput + "\n" + server.StandardError;
        Assert.Contains("Authentication: required", output, StringComparison.Ordinal);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }

    private List<string> Secrets { get; } = [];

    private async Task ExerciseAsync(HttpClient http, string adminPassword, string wrongPassword)
    {
        static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Basic("admin", adminPassword));
        var created = await SecuredServer.OkAsync(http, HttpMethod.Post, "/api/v1/tokens", new JsonObject { ["name"] = "leak-check" });
        var token = created["token"]!.GetValue<string>();
        await SecuredServer.OkAsync(http, HttpMethod.Post, "/api/v1/users", new JsonObject { ["username"] = "ivy", ["password"] = "ivy-s3cret-pa55word" });

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await SecuredServer.OkAsync(http, HttpMethod.Get, "/api/v1/me");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Basic("admin", wrongPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecuredServer.SendAsync(http, HttpMethod.Get, "/api/v1/me")).Status);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^2] + "zz");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecuredServer.SendAsync(http, HttpMethod.Get, "/api/v1/me")).Status);
        http.DefaultRequestHeaders.Authorization = null;
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + wrongPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecuredServer.SendAsync(http, HttpMethod.Get, "/api/v1/me")).Status);

        Secrets.AddRange([adminPassword, wrongPassword, "ivy-s3cret-pa55word", token, token[ApiTokens.Prefix.Length..], Basic("admin", adminPassword), Basic("admin", wrongPassword)]);
    }

    private static class ApiTokens
    {
        public const string Prefix = "slw_";
    }
}
