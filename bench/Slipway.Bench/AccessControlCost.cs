using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Core.Security;
using Slipway.Server.Hosting;
using Slipway.Server.Security;
using Slipway.Storage;

namespace Slipway.Bench;

/// <summary>
/// The CPU cost of the authorization point per request, in process and without HTTP: the middleware in single-user
/// mode (nothing to check) against the same request signed in with a token or Basic credentials by an editor, whose
/// role is checked. The difference is what authentication and authorization add to every call.
/// </summary>
public static class AccessControlCost
{
    public static async Task RunAsync(int iterations)
    {
        var directory = Directory.CreateTempSubdirectory("slipway-bench-auth");
        try
        {
            await using var store = await MetadataStoreFactory.OpenAsync(
                "sqlite:///" + Path.Combine(directory.FullName, "slipway.db"), new StoreOptions { DefaultArtifactRoot = "mlflow-artifacts:/" });
            await store.CreateUserAsync(new NewUser("editor", PasswordHasher.Hash("editor-password"), false, false));
            await store.SetWorkspaceMemberAsync("default", "editor", WorkspaceRole.Editor);
            var token = ApiTokens.NewToken();
            await store.CreateApiTokenAsync(new NewApiToken("editor", "bench", ApiTokens.Hash(token), ApiTokens.DisplayPrefix(token), [TokenScopes.Write], null, null));
            var endpoint = new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new AccessRequirement(Access.Edit, ResourceTarget.Run, null, "bench")), "log-metric");
            var basic = "Basic " + Convert.ToBase64String("editor:editor-password"u8.ToArray());

            Console.WriteLine("| authorization point | µs per request |");
            Console.WriteLine("|---|---:|");
            foreach (var (name, singleUser, header) in new[] { ("off (single-user)", true, (string?)null), ("token", false, "Bearer " + token), ("basic", false, basic) })
            {
                var cache = new IdentityCache(store, TimeProvider.System);
                var middleware = new AccessControlMiddleware(
                    _ => Task.CompletedTask,
                    new SecurityState(singleUser, null),
                    new Authenticator(store, cache, TimeProvider.System),
                    cache,
                    new FailedAttemptLimiter(10),
                    new AuditRecorder(store, TimeProvider.System, NullLogger<AuditRecorder>.Instance),
                    new ResourceResolver(store),
                    new ServerOptions());
                HttpContext NewRequest()
                {
                    var context = new DefaultHttpContext();
                    context.Connection.RemoteIpAddress = IPAddress.Loopback;
                    if (header is not null)
                    {
                        context.Request.Headers.Authorization = header;
                    }

                    context.SetEndpoint(endpoint);
                    return context;
                }

                for (var i = 0; i < 10_000; i++)
                {
                    await middleware.InvokeAsync(NewRequest());
                }

                var stopwatch = Stopwatch.StartNew();
                for (var i = 0; i < iterations; i++)
                {
                    var context = NewRequest();
                    await middleware.InvokeAsync(context);
                    if (context.Response.StatusCode != StatusCodes.Status200OK)
                    {
                        throw new InvalidOperationException($"{name}: the middleware answered {context.Response.StatusCode}.");
                    }
                }

                Console.WriteLine($"| {name} | {stopwatch.Elapsed.TotalMicroseconds / iterations:F2} |");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
