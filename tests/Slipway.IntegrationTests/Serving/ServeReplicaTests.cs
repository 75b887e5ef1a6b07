using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Serving;

/// <summary>
/// <c>slipway serve</c> as a real child process: a serving-only replica on the fixture server's store and artifacts
/// (its own data directory, as a replica behind a load balancer has), answering the Open Inference Protocol on its
/// own port and following its deployment, or its model's alias, as they change through the tracking server.
/// </summary>
public sealed class ServeReplicaTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    private static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_model_replica_serves_the_aliased_version_follows_the_alias_and_offers_nothing_else()
    {
        var model = Names.Unique("replica");
        var v1 = await fixture.RegisterConstantAsync(model, 1);
        var v2 = await fixture.RegisterConstantAsync(model, 2);
        await fixture.SetAliasAsync(model, "champion", v1);
        using var data = new TempDirectory("slipway-replica");
        await using var replica = await StartReplicaAsync(data, "--model", $"models:/{model}@champion");
        using var http = new HttpClient { BaseAddress = new Uri(replica.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };

        await AnswersAsync(http, model, 1, replica);
        await fixture.SetAliasAsync(model, "champion", v2);
        await AnswersAsync(http, model, 2, replica);

        Assert.Contains($"Serving:     models:/{model}@champion as '{model}'", replica.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"gRPC:\s+http://127\.0\.0\.1:[1-9][0-9]* \(Open Inference Protocol\)", replica.StandardOutput);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/2.0/mlflow/experiments/search")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/v1/deployments")).StatusCode);
    }

    [Fact]
    public async Task A_deployment_replica_follows_an_update_made_through_the_tracking_server()
    {
        var model = Names.Unique("follow");
        var v1 = await fixture.RegisterConstantAsync(model, 1);
        var v2 = await fixture.RegisterConstantAsync(model, 2);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{v1}" });
        using var data = new TempDirectory("slipway-replica");
        await using var replica = await StartReplicaAsync(data, "--deployment", name);
        using var http = new HttpClient { BaseAddress = new Uri(replica.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };

        await AnswersAsync(http, name, 1, replica);
        using (var update = await fixture.Http.PutAsync(
            $"api/v1/deployments/{name}", new StringContent(new JsonObject { ["model"] = $"models:/{model}/{v2}" }.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());
        }

        await AnswersAsync(http, name, 2, replica);
        Assert.Contains($"Serving:     deployment '{name}' of workspace 'default'", replica.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The replica on the fixture's SQLite file and artifacts directory, with <paramref name="data"/> for its own files (the model cache).</summary>
    private Task<ServerProcess> StartReplicaAsync(TempDirectory data, params string[] serving) =>
        ServerProcess.StartAsync(
        [
            "serve", .. serving, "--host", "127.0.0.1", "--port", "0", "--grpc-port", "0", "--data-dir", data.Path,
            "--store", "sqlite:///" + Path.GetFullPath(Path.Combine(fixture.DataDirectory, "slipway.db")),
            "--artifacts-dir", fixture.ArtifactsDirectory,
        ]);

    /// <summary>Waits until the replica's V2 infer endpoint for <paramref name="name"/> answers <paramref name="expected"/>.</summary>
    private static async Task AnswersAsync(HttpClient http, string name, double expected, ServerProcess replica)
    {
        var deadline = DateTime.UtcNow + FollowTimeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.PostAsync(
                $"v2/models/{name}/infer", new StringContent(ServingFixture.Row(name, 0, 0).ToJsonString(), Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(body)!["outputs"]![0]!["data"]![0]!.GetValue<double>() == expected)
            {
                return;
            }

            last = $"{(int)response.StatusCode}: {body}";

            await Task.Delay(100);
        }

        Assert.Fail($"The replica did not answer {expected} for '{name}' within {FollowTimeout.TotalSeconds:0} s; last answer {last}\n{replica}");
    }
}
