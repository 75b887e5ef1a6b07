using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Serving;

public sealed class DeploymentTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    [Fact]
    public async Task Canary_weights_split_traffic_within_statistical_tolerance()
    {
        var model = Names.Unique("canary");
        var v1 = await fixture.RegisterConstantAsync(model, 1);
        var v2 = await fixture.RegisterConstantAsync(model, 2);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject
        {
            ["targets"] = new JsonArray(
                new JsonObject { ["model"] = $"models:/{model}/{v1}", ["weight"] = 80 },
                new JsonObject { ["model"] = $"models:/{model}/{v2}", ["weight"] = 20 }),
        });

        var canary = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var (value, route) = await PredictAsync(name);
            Assert.Equal(value == 2 ? "canary" : "primary", route);
            canary += value == 2 ? 1 : 0;
        }

        // 200 expected, standard deviation about 12.6: 5 of them either side.
        Assert.InRange(canary, 137, 263);
    }

    [Fact]
    public async Task Sticky_routing_keeps_each_caller_on_one_version()
    {
        var model = Names.Unique("sticky");
        var v1 = await fixture.RegisterConstantAsync(model, 1);
        var v2 = await fixture.RegisterConstantAsync(model, 2);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject
        {
            ["targets"] = new JsonArray(
                new JsonObject { ["model"] = $"models:/{model}/{v1}", ["weight"] = 50 },
                new JsonObject { ["model"] = $"models:/{model}/{v2}", ["weight"] = 50 }),
            ["sticky_header"] = "X-User",
        });

        var seen = new HashSet<double>();
        for (var user = 0; user < 40; user++)
        {
            var first = (await PredictAsync(name, ("X-User", "user-" + user))).Value;
            seen.Add(first);
            for (var again = 0; again < 3; again++)
            {
                Assert.Equal(first, (await PredictAsync(name, ("X-User", "user-" + user))).Value);
            }
        }

        Assert.Equal([1.0, 2.0], seen.Order());
    }

    [Fact]
    public async Task The_shadow_receives_every_request_and_never_answers()
    {
        var model = Names.Unique("shadow");
        var v1 = await fixture.RegisterConstantAsync(model, 1);
        var v2 = await fixture.RegisterConstantAsync(model, 2);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{v1}", ["shadow"] = $"models:/{model}/{v2}" });

        for (var i = 0; i < 40; i++)
        {
            Assert.Equal((1.0, "primary"), await PredictAsync(name));
        }

        await Eventually(async () => await CounterAsync(name, "shadow") == 40);
        Assert.Equal(40, await CounterAsync(name, "primary"));
    }

    [Fact]
    public async Task Moving_the_alias_under_continuous_load_fails_no_request()
    {
        var model = Names.Unique("alias");
        var v1 = await fixture.RegisterConstantAsync(model, 1);
        var v2 = await fixture.RegisterConstantAsync(model, 2);
        await fixture.SetAliasAsync(model, "champion", v1);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}@champion" });
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var answers = new ConcurrentQueue<double>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = fixture.BaseUri };
            while (!stop.IsCancellationRequested)
            {
                var response = await http.PostAsync($"/v2/models/{name}/infer", Json(ServingFixture.Row(name, 1, 2).ToJsonString()));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{response.StatusCode}: {body}");
                    continue;
                }

                answers.Enqueue(JsonNode.Parse(body)!["outputs"]![0]!["data"]![0]!.GetValue<double>());
            }
        })).ToList();

        await Eventually(() => Task.FromResult(answers.Count > 200));
        await fixture.SetAliasAsync(model, "champion", v2);
        await Eventually(() => Task.FromResult(answers.Count(a => a == 2) > 200));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.Contains(1.0, answers);
        var deployment = await fixture.Http.GetFromJsonAsync<JsonObject>($"api/v1/deployments/{name}");
        Assert.Equal($"{v2}", deployment!["status"]!["serving"]![0]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_then_rollback_restores_the_previous_configuration_as_a_new_revision()
    {
        var model = Names.Unique("rollback");
        var v1 = await fixture.RegisterConstantAsync(model, 1);
        var v2 = await fixture.RegisterConstantAsync(model, 2);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{v1}" });

        var updated = await SendOkAsync(HttpMethod.Put, $"api/v1/deployments/{name}", new JsonObject { ["model"] = $"models:/{model}/{v2}" });
        Assert.Equal(2, updated["revision"]!.GetValue<long>());
        Assert.Equal("ready", updated["status"]!["state"]!.GetValue<string>());
        Assert.Equal(2.0, (await PredictAsync(name)).Value);

        var rolledBack = await SendOkAsync(HttpMethod.Post, $"api/v1/deployments/{name}/rollback", new JsonObject());
        Assert.Equal(3, rolledBack["revision"]!.GetValue<long>());
        Assert.Equal(1.0, (await PredictAsync(name)).Value);

        var revisions = await fixture.Http.GetFromJsonAsync<JsonObject>($"api/v1/deployments/{name}/revisions");
        Assert.Equal(["rolled back to revision 1", "updated", "created"], revisions!["revisions"]!.AsArray().Select(r => r!["change"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Batching_combines_concurrent_requests_without_exceeding_its_maximum()
    {
        var model = Names.Unique("batch");
        var version = await fixture.RegisterAsync(model, dir => Slipway.Testing.ModelDirectories.Linear(dir, [1f, 0f], 0));
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject
        {
            ["model"] = $"models:/{model}/{version}",
            ["batching"] = new JsonObject { ["max_batch_size"] = 4, ["max_latency_ms"] = 20 },
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            var response = await fixture.Http.PostAsync($"v2/models/{name}/infer", Json(ServingFixture.Row(name, i, 0).ToJsonString()));
            return (i, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["outputs"]![0]!["data"]![0]!.GetValue<double>());
        }));

        Assert.All(results, r => Assert.Equal(r.i, r.Item2));
        var metrics = await fixture.Http.GetStringAsync("metrics");
        var batches = MetricValue(metrics, "slipway_inference_batch_rows_count", name);
        var withinFour = MetricValue(metrics, "slipway_inference_batch_rows_bucket", name, "le=\"4\"");
        Assert.True(batches > 0);
        Assert.Equal(batches, withinFour);
    }

    [Fact]
    public async Task Deployments_are_listed_with_what_they_serve_and_deleted_with_their_models()
    {
        var model = Names.Unique("list");
        var version = await fixture.RegisterConstantAsync(model, 3);
        var name = Names.Unique("d");
        var created = await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}", ["description"] = "scores" });

        Assert.Equal("ready", created["status"]!["state"]!.GetValue<string>());
        var listed = await fixture.Http.GetFromJsonAsync<JsonObject>("api/v1/deployments");
        Assert.Contains(listed!["deployments"]!.AsArray(), d => d!["name"]!.GetValue<string>() == name);
        var duplicate = await fixture.Http.PostAsJsonAsync("api/v1/deployments", new JsonObject { ["name"] = name, ["model"] = $"models:/{model}/{version}" });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        var unknownModel = await fixture.Http.PostAsJsonAsync("api/v1/deployments", new JsonObject { ["name"] = Names.Unique("d"), ["model"] = $"models:/{model}@nope" });
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.DeleteAsync($"api/v1/deployments/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.PostAsync($"v2/models/{name}/infer", Json(ServingFixture.Row(name, 1, 2).ToJsonString()))).StatusCode);
    }

    private async Task<(double Value, string Route)> PredictAsync(string name, params (string Header, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/models/{name}/infer") { Content = Json(ServingFixture.Row(name, 1, 2).ToJsonString()) };
        foreach (var (header, value) in headers)
        {
            request.Headers.Add(header, value);
        }

        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return (JsonNode.Parse(body)!["outputs"]![0]!["data"]![0]!.GetValue<double>(), response.Headers.GetValues("X-Slipway-Route").Single());
    }

    private async Task<double> CounterAsync(string deployment, string route)
    {
        var metrics = await fixture.Http.GetStringAsync("metrics");
        return MetricValue(metrics, "slipway_inference_requests_total", deployment, $"route=\"{route}\"");
    }

    private static double MetricValue(string exposition, string metric, string deployment, string? label = null) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains($"deployment=\"{deployment}\"", StringComparison.Ordinal)
                && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private async Task<JsonObject> SendOkAsync(HttpMethod method, string path, JsonObject body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Json(body.ToJsonString()) };
        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.True(await condition(), "the condition did not become true within 15 s");
    }
}
