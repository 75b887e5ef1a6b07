using System.Net;
using System.Text.Json.Nodes;
using Slipway.Core.Errors;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Server.Hosting;
using Slipway.Server.Security;
using Xunit;

namespace Slipway.IntegrationTests.Security;

/// <summary>
/// ADR 0007's start-up rules: single-user mode only on loopback with no users, a refusal on other addresses, the
/// first admin from the environment or a one-time setup token, and a limit on failed sign-ins.
/// </summary>
public sealed class StartupRulesTests
{
    private const string Mlflow = "/api/2.0/mlflow/";

    [Fact]
    public async Task A_fresh_loopback_server_runs_in_single_user_mode_until_its_first_admin_exists()
    {
        using var root = new TempDirectory();
        await using var server = await SlipwayServer.StartAsync(new ServerOptions { Port = 0, DataDirectory = root.Combine("data") });
        using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0].TrimEnd('/') + "/") };

        Assert.Contains(server.SecurityBanner, line => line.Contains("single-user mode", StringComparison.Ordinal));
        await SecuredServer.OkAsync(http, HttpMethod.Post, Mlflow + "experiments/create", new JsonObject { ["name"] = "before-users" });

        // The first user turns authentication on, so it has to be an admin.
        var (refused, refusal) = await SecuredServer.SendAsync(http, HttpMethod.Post, "/api/v1/users", new JsonObject { ["username"] = "ann", ["password"] = "ann-password-1" });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("must be an admin", refusal!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await SecuredServer.OkAsync(http, HttpMethod.Post, "/api/v1/users", new JsonObject { ["username"] = "ann", ["password"] = "ann-password-1", ["admin"] = true });
        var (anonymous, _) = await SecuredServer.SendAsync(http, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);

        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("ann:ann-password-1"u8.ToArray()));
        var found = await SecuredServer.OkAsync(http, HttpMethod.Get, Mlflow + "experiments/get-by-name?experiment_name=before-users");
        Assert.Equal("before-users", found["experiment"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_server_on_every_interface_with_no_users_refuses_to_start()
    {
        using var root = new TempDirectory();

        var error = await Assert.ThrowsAsync<SlipwayException>(() => SlipwayServer.StartAsync(new ServerOptions
        {
            Host = "0.0.0.0",
            Port = 0,
            DataDirectory = root.Combine("data"),
        }));

        Assert.Contains("Refusing to listen on 0.0.0.0 without authentication", error.Message, StringComparison.Ordinal);
        Assert.Contains("SLIPWAY_ADMIN_PASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_on_every_interface_starts_with_authentication_when_the_admin_password_is_given()
    {
        using var root = new TempDirectory();
        await using var server = await SlipwayServer.StartAsync(new ServerOptions
        {
            Host = "0.0.0.0",
            Port = 0,
            DataDirectory = root.Combine("data"),
            AdminUser = "root",
            AdminPassword = "root-password-1",
        });
        var port = new Uri(server.Addresses[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        Assert.Equal(HttpStatusCode.Unauthorized, (await SecuredServer.SendAsync(http, HttpMethod.Get, "/api/v1/users")).Status);
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("root:root-password-1"u8.ToArray()));
        var users = await SecuredServer.OkAsync(http, HttpMethod.Get, "/api/v1/users");
        Assert.True(users["users"]![0]!["is_admin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Required_authentication_with_no_users_prints_a_setup_token_that_works_once()
    {
        using var root = new TempDirectory();
        await using var server = await SlipwayServer.StartAsync(new ServerOptions { Port = 0, DataDirectory = root.Combine("data"), Authentication = "required" });
        using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0].TrimEnd('/') + "/") };
        var token = server.SecurityBanner.Select(l => l.Trim()).Single(l => l.StartsWith("slipway setup --token ", StringComparison.Ordinal)).Split(' ')[3];

        Assert.Equal(HttpStatusCode.Unauthorized, (await SecuredServer.SendAsync(http, HttpMethod.Post, Mlflow + "experiments/search", new JsonObject())).Status);
        var (wrong, _) = await SecuredServer.SendAsync(http, HttpMethod.Post, "/api/v1/setup", new JsonObject
        {
            ["setup_token"] = "setup_wrong",
            ["username"] = "first",
            ["password"] = "first-password",
        });
        Assert.Equal(HttpStatusCode.Forbidden, wrong);

        await SecuredServer.OkAsync(http, HttpMethod.Post, "/api/v1/setup", new JsonObject { ["setup_token"] = token, ["username"] = "first", ["password"] = "first-password" });
        var (again, _) = await SecuredServer.SendAsync(http, HttpMethod.Post, "/api/v1/setup", new JsonObject { ["setup_token"] = token, ["username"] = "second", ["password"] = "second-password" });
        Assert.Equal(HttpStatusCode.Forbidden, again);

        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("first:first-password"u8.ToArray()));
        var me = await SecuredServer.OkAsync(http, HttpMethod.Get, "/api/v1/me");
        Assert.True(me["user"]!["is_admin"]!.GetValue<bool>());
        var audit = await SecuredServer.OkAsync(http, HttpMethod.Get, "/api/v1/audit?action=setup");
        Assert.Equal(["denied", "success", "denied"], audit["events"]!.AsArray().Select(e => e!["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_existing_admin_keeps_its_password_when_the_environment_variable_changes()
    {
        using var root = new TempDirectory();
        var options = new ServerOptions { Port = 0, DataDirectory = root.Combine("data"), AdminUser = "admin", AdminPassword = "first-password" };
        await (await SlipwayServer.StartAsync(options)).DisposeAsync();

        options.AdminPassword = "second-password";
        await using var server = await SlipwayServer.StartAsync(options);
        using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0].TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("admin:first-password"u8.ToArray()));
        await SecuredServer.OkAsync(http, HttpMethod.Get, "/api/v1/me");
    }

    [Fact]
    public async Task Failed_sign_ins_are_limited_per_client_address()
    {
        await using var server = await SecuredServer.StartAsync(options => options.MaxFailedLoginsPerMinute = 3);
        var wrong = server.BasicClient(SecuredServer.AdminName, "wrong-password");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SecuredServer.SendAsync(wrong, HttpMethod.Get, "/api/v1/me")).Status);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        using var limited = await server.Admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());

        // Requests without credentials are not sign-in attempts; public endpoints stay reachable.
        Assert.Equal(HttpStatusCode.OK, (await SecuredServer.SendAsync(server.Anonymous, HttpMethod.Get, "/health/live")).Status);
        var failures = await SecuredServerAuditOf(server);
        Assert.Equal(3, failures);
    }

    [Fact]
    public async Task Every_endpoint_declares_its_access_and_an_undeclared_one_stops_the_server()
    {
        await using var server = await SecuredServer.StartAsync();

        Assert.NotEmpty(server.Server.Endpoints);
        Assert.All(server.Server.Endpoints, e => Assert.True(e.Requirement is not null, $"{e.Endpoint} declares no access requirement"));
        Assert.All(
            server.Server.Endpoints.Where(e => e.Requirement!.AuditAction is null),
            e => Assert.False(string.IsNullOrEmpty(e.Requirement!.AuditExemption), $"{e.Endpoint} is neither audited nor says why not"));

        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/declared", () => "ok").Public();
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/forgotten", () => "oops");
        var error = Assert.Throws<InvalidOperationException>(() => EndpointDeclarations.RequireAll(app));
        Assert.Contains("GET /forgotten", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/declared", error.Message, StringComparison.Ordinal);
    }

    private static async Task<int> SecuredServerAuditOf(SecuredServer server)
    {
        // The limiter blocks this address now, so read the log from a second server process over the same file.
        await server.Server.StopAsync();
        var uri = "sqlite:///" + Path.GetFullPath(Path.Combine(server.DataDirectory, "slipway.db"));
        await using var store = await Slipway.Storage.MetadataStoreFactory.OpenAsync(uri, new Slipway.Storage.StoreOptions { DefaultArtifactRoot = "mlflow-artifacts:/" });
        var page = await store.QueryAuditEventsAsync(new Slipway.Core.Security.AuditQuery(null, null, SecuredServer.AdminName, null, "login", 100, null));
        return page.Items.Count(e => e.Outcome == "failure");
    }
}
