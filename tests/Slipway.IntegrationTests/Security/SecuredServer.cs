using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.Core.Security;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Server.Hosting;
using Slipway.Storage;
using Xunit;

namespace Slipway.IntegrationTests.Security;

/// <summary>
/// A real server with authentication enforced (its first admin from <see cref="ServerOptions.AdminPassword"/>), on
/// loopback and a free port, and HTTP clients that sign in as its users. Every call goes over real HTTP.
/// </summary>
public sealed class SecuredServer : IAsyncDisposable
{
    public const string AdminName = "admin";
    public const string AdminPassword = "admin-password-for-tests";

    private readonly List<HttpClient> _clients = [];

    private SecuredServer(TempDirectory root, SlipwayServer server)
    {
        Root = root;
        Server = server;
        BaseUrl = server.Addresses[0].TrimEnd('/');
        Admin = BasicClient(AdminName, AdminPassword);
        Anonymous = NewClient(null);
    }

    public TempDirectory Root { get; }

    public SlipwayServer Server { get; }

    public string BaseUrl { get; }

    public string DataDirectory => Root.Combine("data");

    public HttpClient Admin { get; }

    public HttpClient Anonymous { get; }

    public static async Task<SecuredServer> StartAsync(Action<ServerOptions>? configure = null)
    {
        var root = new TempDirectory("slipway-security");
        try
        {
            var options = new ServerOptions
            {
                Host = "127.0.0.1",
                Port = 0,
                DataDirectory = root.Combine("data"),
                AdminUser = AdminName,
                AdminPassword = AdminPassword,
                MaxFailedLoginsPerMinute = 10_000,
            };
            configure?.Invoke(options);
            return new SecuredServer(root, await SlipwayServer.StartAsync(options));
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    public static string PasswordOf(string user) => $"password-of-{user}";

    public HttpClient BasicClient(string user, string password) =>
        NewClient(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))));

    public HttpClient UserClient(string user) => BasicClient(user, PasswordOf(user));

    public HttpClient TokenClient(string token) => NewClient(new AuthenticationHeaderValue("Bearer", token));

    public HttpClient RawClient(string authorization)
    {
        var client = NewClient(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        return client;
    }

    /// <summary>Sends a JSON request (GET: no body) in a workspace; returns the status and the parsed body (null when not JSON).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(
        HttpClient client, HttpMethod method, string path, JsonNode? body = null, string? workspace = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (workspace is not null)
        {
            request.Headers.Add("X-Slipway-Workspace", workspace);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        if (text.Length > 0)
        {
            try
            {
                parsed = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                parsed = JsonValue.Create(text);
            }
        }

        return (response.StatusCode, parsed);
    }

    /// <summary>Sends and asserts 200, returning the body.</summary>
    public static async Task<JsonNode> OkAsync(HttpClient client, HttpMethod method, string path, JsonNode? body = null, string? workspace = null)
    {
        var (status, result) = await SendAsync(client, method, path, body, workspace);
        Assert.True(status == HttpStatusCode.OK, $"Expected 200 from {method} {path} but got {(int)status}: {result?.ToJsonString()}");
        return result ?? new JsonObject();
    }

    /// <summary>Creates a user with <see cref="PasswordOf"/> as its password (or a service account).</summary>
    public Task CreateUserAsync(string name, bool admin = false, bool serviceAccount = false) =>
        OkAsync(Admin, HttpMethod.Post, "/api/v1/users", new JsonObject
        {
            ["username"] = name,
            ["password"] = serviceAccount ? null : PasswordOf(name),
            ["admin"] = admin,
            ["service_account"] = serviceAccount,
        });

    public async Task CreateWorkspaceAsync(string workspace, params (string User, string Role)[] members)
    {
        await OkAsync(Admin, HttpMethod.Post, "/api/v1/workspaces", new JsonObject { ["workspace"] = workspace });
        foreach (var (user, role) in members)
        {
            await OkAsync(Admin, HttpMethod.Put, $"/api/v1/workspaces/{workspace}/members/{user}", new JsonObject { ["role"] = role });
        }
    }

    /// <summary>Creates an API token for <paramref name="user"/> as the admin and returns it.</summary>
    public async Task<string> CreateTokenAsync(string user, string name, IReadOnlyList<string>? scopes = null, string? workspace = null)
    {
        var body = new JsonObject { ["name"] = name, ["user"] = user, ["workspace"] = workspace };
        if (scopes is not null)
        {
            body["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode?)JsonValue.Create(s))]);
        }

        var created = await OkAsync(Admin, HttpMethod.Post, "/api/v1/tokens", body);
        return created["token"]!.GetValue<string>();
    }

    /// <summary>A token that expired an hour ago, recorded straight into the store the server uses (the API never issues one).</summary>
    public async Task<string> CreateExpiredTokenAsync(string user, string name)
    {
        var token = ApiTokens.NewToken();
        var uri = "sqlite:///" + Path.GetFullPath(Path.Combine(DataDirectory, "slipway.db"));
        await using var store = await MetadataStoreFactory.OpenAsync(uri, new StoreOptions { DefaultArtifactRoot = "mlflow-artifacts:/" });
        await store.CreateApiTokenAsync(new NewApiToken(
            user, name, ApiTokens.Hash(token), ApiTokens.DisplayPrefix(token), [TokenScopes.Write], null, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds()));
        return token;
    }

    /// <summary>Creates an experiment in the workspace as the admin and returns its id.</summary>
    public async Task<string> CreateExperimentAsync(string workspace, string? name = null)
    {
        var created = await OkAsync(Admin, HttpMethod.Post, "/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = name ?? Names.Unique("exp") }, workspace);
        return created["experiment_id"]!.GetValue<string>();
    }

    public async Task<string> CreateRunAsync(string workspace, string experimentId)
    {
        var created = await OkAsync(Admin, HttpMethod.Post, "/api/2.0/mlflow/runs/create", new JsonObject { ["experiment_id"] = experimentId }, workspace);
        return created["run"]!["info"]!["run_id"]!.GetValue<string>();
    }

    /// <summary>Creates a registered model with version 1 in the workspace as the admin.</summary>
    public async Task CreateModelAsync(string workspace, string name)
    {
        await OkAsync(Admin, HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name }, workspace);
        await OkAsync(Admin, HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = "mlflow-artifacts:/m" }, workspace);
    }

    public async Task<JsonArray> AuditAsync(params (string Key, string Value)[] query)
    {
        var text = string.Join('&', query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}"));
        var page = await OkAsync(Admin, HttpMethod.Get, "/api/v1/audit?max_results=1000&" + text);
        return page["events"]!.AsArray();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
        Root.Dispose();
    }

    private HttpClient NewClient(AuthenticationHeaderValue? authorization)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = authorization;
        _clients.Add(client);
        return client;
    }
}
