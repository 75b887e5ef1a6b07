using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Security;

/// <summary>
/// Hostile and broken input against a server with authentication on: each gets a clear 4xx naming what is wrong,
/// and what was stored before is still there, unchanged.
/// </summary>
public sealed class SecurityBadInputTests(SecurityBadInputTests.Fixture fixture) : IClassFixture<SecurityBadInputTests.Fixture>
{
    private const string Mlflow = "/api/2.0/mlflow/";

    [Theory]
    [InlineData("Basic", "Malformed Basic credentials: no credentials after 'Basic'.")]
    [InlineData("Basic !!!not-base64!!!", "Malformed Basic credentials: not valid base64.")]
    [InlineData("Basic bm8tY29sb24=", "Malformed Basic credentials: expected 'user:password'.")]
    [InlineData("Basic OnBhc3N3b3Jk", "Malformed Basic credentials: the user name is empty.")]
    [InlineData("Basic //79", "Malformed Basic credentials: not valid UTF-8.")]
    [InlineData("Digest username=admin", "Unsupported authorization scheme 'Digest': use Basic or Bearer.")]
    [InlineData("Bearer not-a-token", "The bearer token is not a Slipway API token (slw_...), and single sign-on is not configured.")]
    [InlineData("Bearer slw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Unknown API token slw_AAAAAAAA...")]
    public async Task Malformed_credentials_are_refused_with_401_naming_the_problem(string authorization, string message)
    {
        var (status, body) = await SecuredServer.SendAsync(fixture.Server.RawClient(authorization), HttpMethod.Post, Mlflow + "experiments/search", new JsonObject());

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", body!["error_code"]!.GetValue<string>());
        Assert.Equal(message, body["message"]!.GetValue<string>());
        await fixture.AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_wrong_password_and_an_injection_shaped_user_name_fail_the_same_way()
    {
        foreach (var client in new[]
        {
            fixture.Server.BasicClient(SecuredServer.AdminName, "wrong-password"),
            fixture.Server.BasicClient("admin' OR '1'='1", "x' OR '1'='1"),
            fixture.Server.BasicClient("nobody", SecuredServer.AdminPassword),
        })
        {
            var (status, body) = await SecuredServer.SendAsync(client, HttpMethod.Get, "/api/v1/users");
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("Invalid user name or password.", body!["message"]!.GetValue<string>());
        }

        await fixture.AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_before_it_is_read()
    {
        // Raw TCP: the server answers as soon as it sees the declared length, and an HttpClient still sending
        // 17 MiB would only report the closed connection.
        var server = new Uri(fixture.Server.BaseUrl);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SecuredServer.AdminName}:{SecuredServer.AdminPassword}"));
        var head = $"POST {Mlflow}experiments/create HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Basic {credentials}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {17 * 1024 * 1024}\r\nConnection: close\r\n\r\n{{\"name\":\"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        Assert.Contains("REQUEST_LIMIT_EXCEEDED", response, StringComparison.Ordinal);
        await fixture.AssertUnchangedAsync();
    }

    [Theory]
    [InlineData("/api/v1/users")]
    [InlineData("/api/2.0/mlflow/users/create")]
    public async Task Management_routes_refuse_bodies_over_64_KiB(string path)
    {
        var padding = new string('p', 70 * 1024);
        using var content = new StringContent($$"""{"username":"big","password":"{{padding}}"}""", Encoding.UTF8, "application/json");
        using var response = await fixture.Server.Admin.PostAsync(path.TrimStart('/'), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await fixture.AssertUnchangedAsync();
    }

    [Theory]
    [InlineData("/api/v1/users", """{"username": ["a"], "password": "long-enough-password"}""", "username")]
    [InlineData("/api/v1/users", """{"username": "eve", "password": "long-enough-password", "admin": "yes"}""", "admin")]
    [InlineData("/api/v1/users", """{"username": "eve", "password": "short"}""", "password")]
    [InlineData("/api/v1/users", """{"username": "eve:colon", "password": "long-enough-password"}""", "username")]
    [InlineData("/api/v1/users", """{"username": "eve\nnewline", "password": "long-enough-password"}""", "username")]
    [InlineData("/api/v1/tokens", """{"name": "t", "scopes": "write"}""", "scopes")]
    [InlineData("/api/v1/tokens", """{"name": "t", "scopes": ["root"]}""", "scopes")]
    [InlineData("/api/v1/tokens", """{"name": "t", "expires_in_days": "soon"}""", "expires_in_days")]
    [InlineData("/api/v1/workspaces", """{"workspace": "../etc"}""", "workspace")]
    [InlineData("/api/v1/workspaces", """{"workspace": {"nested": true}}""", "workspace")]
    [InlineData("/api/2.0/mlflow/users/create", """{"username": 12, "password": "long-enough-password", "unknown_field": 1}""", "username")]
    public async Task Wrong_json_types_and_invalid_values_are_400_naming_the_field(string path, string json, string field)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await fixture.Server.Admin.PostAsync(path.TrimStart('/'), content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_PARAMETER_VALUE", body["error_code"]!.GetValue<string>());
        Assert.Contains($"'{field}'", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await fixture.AssertUnchangedAsync();
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var name = Names.Unique("extra-fields");
        var created = await SecuredServer.OkAsync(fixture.Server.Admin, HttpMethod.Post, "/api/v1/users", new JsonObject
        {
            ["username"] = name,
            ["password"] = "long-enough-password",
            ["favourite_colour"] = "teal",
        });
        Assert.Equal(name, created["user"]!["username"]!.GetValue<string>());
        await SecuredServer.OkAsync(fixture.Server.Admin, HttpMethod.Delete, "/api/v1/users/" + name);
    }

    [Theory]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/1/../../slipway.db")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/1/%2e%2e/%2e%2e/slipway.db")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/1/..%5c..%5cslipway.db")]
    public async Task Artifact_traversal_is_refused_even_for_an_admin(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.Server.BaseUrl + path);
        using var response = await fixture.Server.Admin.SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        Assert.DoesNotContain("SQLite format", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name = 'x' OR 1=1 --")]
    [InlineData("name = 'x'; DROP TABLE experiments; --")]
    [InlineData("name LIKE '%' UNION SELECT password_hash FROM users --")]
    public async Task Filters_shaped_like_sql_injection_are_400_and_touch_nothing(string filter)
    {
        var (status, body) = await SecuredServer.SendAsync(
            fixture.Server.UserClient("member"), HttpMethod.Post, Mlflow + "experiments/search", new JsonObject { ["filter"] = filter }, "team");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_PARAMETER_VALUE", body!["error_code"]!.GetValue<string>());
        await fixture.AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_quoted_injection_inside_a_valid_filter_is_just_a_string()
    {
        var result = await SecuredServer.OkAsync(
            fixture.Server.UserClient("member"), HttpMethod.Post, Mlflow + "experiments/search", new JsonObject { ["filter"] = "name = 'x'' OR ''1''=''1'" }, "team");

        Assert.Null(result["experiments"]);
        await fixture.AssertUnchangedAsync();
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        using var response = await fixture.Server.Anonymous.GetAsync("health/live");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
    public sealed class Fixture : IAsyncLifetime
    {
        private SecuredServer? _server;
        private string _snapshot = string.Empty;

        public SecuredServer Server => _server!;

        public async Task InitializeAsync()
        {
            _server = await SecuredServer.StartAsync();
            await Server.CreateUserAsync("member");
            await Server.CreateWorkspaceAsync("team", ("member", "editor"));
            var experiment = await Server.CreateExperimentAsync("team", "kept");
            await Server.CreateRunAsync("team", experiment);
            _snapshot = await SnapshotAsync();
        }

        /// <summary>Asserts the stored users, workspaces and experiments are what they were after set-up.</summary>
        public async Task AssertUnchangedAsync() => Assert.Equal(_snapshot, await SnapshotAsync());

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }

        private async Task<string> SnapshotAsync()
        {
            var users = await SecuredServer.OkAsync(Server.Admin, HttpMethod.Get, "/api/v1/users");
            var workspaces = await SecuredServer.OkAsync(Server.Admin, HttpMethod.Get, "/api/v1/workspaces");
            var experiments = await SecuredServer.OkAsync(Server.Admin, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject { ["view_type"] = "ALL" }, "team");
            var runs = await SecuredServer.OkAsync(Server.Admin, HttpMethod.Post, Mlflow + "runs/search", new JsonObject
            {
                ["experiment_ids"] = new JsonArray([.. experiments["experiments"]!.AsArray().Select(e => (JsonNode?)JsonValue.Create(e!["experiment_id"]!.GetValue<string>()))]),
            }, "team");
            return string.Join("\n", users.ToJsonString(), workspaces.ToJsonString(), experiments.ToJsonString(), runs.ToJsonString());
        }
    }
}
