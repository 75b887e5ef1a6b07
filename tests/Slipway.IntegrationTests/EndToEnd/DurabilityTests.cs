using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.EndToEnd;

/// <summary>
/// A write the server acknowledged (200) survives <c>kill -9</c>: the real CLI server is killed with SIGKILL right
/// after the last acknowledgement (or in the middle of concurrent writes) and restarted on the same data directory.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly TempDirectory _data = new("slipway-durability");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Acknowledged_log_batches_survive_SIGKILL()
    {
        string runId;
        await using (var server = await ServerProcess.StartAsync(_data.Path))
        {
            using var http = NewClient(server);
            var api = new MlflowApi(http);
            runId = await api.CreateRunIdAsync(await api.CreateExperimentAsync("durable"), "durable-run");
            for (var batch = 0; batch < 4; batch++)
            {
                var steps = Enumerable.Range(batch * 50, 50).ToList();
                await api.LogBatchAsync(
                    runId,
                    metrics: new JsonArray(steps.Select(i => (JsonNode?)Metric("loss", 1.0 / (i + 1), step: i, timestamp: 1_700_000_000_000 + i)).ToArray()),
                    parameters: KeyValues(steps.Select(i => ($"p{i}", $"v{i}")).ToArray()));
            }

            server.Kill();
        }

        await using var restarted = await ServerProcess.StartAsync(_data.Path);
        using var client = NewClient(restarted);
        var reopened = new MlflowApi(client);
        var run = await reopened.GetRunAsync(runId);
        var parameters = run.Items("data.params");
        Assert.Equal(200, parameters.Count);
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal($"v{i}", parameters.ValueOf($"p{i}")));
        var latest = Assert.Single(run.Items("data.metrics"));
        Assert.Equal(199, latest.Int64Value("step"));
        var history = (await reopened.GetOkAsync("metrics/get-history", ("run_id", runId), ("metric_key", "loss"))).Items("metrics");
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), history.Select(m => m.Int64Value("step")));
        Assert.All(history, m => Assert.Equal(1.0 / (m.Int64Value("step") + 1), m.Num("value")));
    }

    [Fact]
    public async Task Every_acknowledged_concurrent_write_survives_SIGKILL_mid_flight()
    {
        const int Loggers = 8;
        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<int>>();
        var runIds = new List<string>();
        await using (var server = await ServerProcess.StartAsync(_data.Path))
        {
            using var http = NewClient(server);
            var api = new MlflowApi(http);
            var experimentId = await api.CreateExperimentAsync("concurrent");
            for (var i = 0; i < Loggers; i++)
            {
                var runId = await api.CreateRunIdAsync(experimentId, $"logger-{i}");
                runIds.Add(runId);
                acknowledged[runId] = [];
            }

            using var stop = new CancellationTokenSource();
            var loggers = runIds.Select(runId => Task.Run(() => LogUntilStoppedAsync(api, runId, acknowledged[runId], stop.Token))).ToList();
            await Task.Delay(TimeSpan.FromSeconds(1));

            // Kill while requests are in flight: every step that got its 200 before the process died is promised.
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(loggers);
            Assert.True(acknowledged.Values.Sum(s => s.Count) > Loggers, "The loggers hardly got any writes acknowledged in a second.");
        }

        await using var restarted = await ServerProcess.StartAsync(_data.Path);
        using var client = NewClient(restarted);
        var reopened = new MlflowApi(client);
        foreach (var runId in runIds)
        {
            var history = await reopened.GetOkAsync("metrics/get-history", ("run_id", runId), ("metric_key", "m"));
            var stored = history.Items("metrics").Select(m => (int)m.Int64Value("step")).ToHashSet();
            var missing = acknowledged[runId].Where(step => !stored.Contains(step)).Order().ToList();
            Assert.True(missing.Count == 0, $"Run {runId} lost acknowledged metric steps: {string.Join(", ", missing)}");

            var parameters = (await reopened.GetRunAsync(runId)).Items("data.params").Select(p => p.Str("key")).ToHashSet();
            var missingParams = acknowledged[runId].Where(step => !parameters.Contains($"p{step}")).Order().ToList();
            Assert.True(missingParams.Count == 0, $"Run {runId} lost acknowledged params: {string.Join(", ", missingParams)}");
        }
    }

    /// <summary>Logs one metric step and one param per request; records a step only once its 200 is read.</summary>
    private static async Task LogUntilStoppedAsync(MlflowApi api, string runId, ConcurrentBag<int> acknowledged, CancellationToken stop)
    {
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            try
            {
                using var response = await api.PostAsync("runs/log-batch", LogBatchBody(
                    runId,
                    metrics: [Metric("m", step, step: step)],
                    parameters: KeyValues(($"p{step}", "x"))));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return;
                }

                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                acknowledged.Add(step);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                // The server is gone; whatever was not acknowledged is not promised.
                return;
            }
        }
    }

    private static HttpClient NewClient(ServerProcess server) =>
        new() { BaseAddress = new Uri(server.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
}
