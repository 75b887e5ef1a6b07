using Slipway.Core.Errors;
using Slipway.Core.Stores;
using Slipway.Serving.Deployments;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Testing;

namespace Slipway.Serving.Tests.Deployments;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes test classes through IAsyncLifetime.DisposeAsync.")]
public sealed class ServingEngineTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("slipway-engine-").FullName;
    private readonly ListRecorder _recorder = new();
    private readonly FolderModelSource _source;
    private readonly ServingEngine _engine;

    public ServingEngineTests()
    {
        _source = new FolderModelSource(_root);
        _engine = new ServingEngine(_source, _recorder);
        // Version N answers N for every row: y = x·0 + N.
        for (var version = 1; version <= 3; version++)
        {
            ModelDirectories.Linear(Path.Combine(_root, "churn", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), [0f, 0f], version);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 calls IAsyncLifetime on test classes, never IAsyncDisposable.
    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_deployment_answers_with_its_version_and_names_itself()
    {
        await _engine.ApplyAsync([Plan(("churn", 2, 100))]);

        var (response, route) = await PredictAsync();

        Assert.Equal("scorer", response.ModelName);
        Assert.Equal("2", response.ModelVersion);
        Assert.Equal(RouteNames.Primary, route);
        Assert.Equal([2f], (float[])response.Outputs.Single().Data);
    }

    [Fact]
    public async Task Traffic_splits_by_weight_within_statistical_tolerance()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 90), ("churn", 2, 10))]);

        var canary = 0;
        for (var i = 0; i < 10_000; i++)
        {
            using var call = _engine.Begin(Workspaces.Default, "scorer");
            canary += call.ModelVersion == "2" ? 1 : 0;
            Assert.Equal(call.ModelVersion == "2" ? RouteNames.Canary : RouteNames.Primary, call.Route);
        }

        // 1,000 expected; the binomial standard deviation is 30, so 5 of them either side.
        Assert.InRange(canary, 850, 1150);
    }

    [Fact]
    public async Task A_sticky_key_keeps_a_caller_on_one_version_and_keys_spread_by_weight()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 50), ("churn", 2, 50))]);

        var versions = Enumerable.Range(0, 2_000).Select(i =>
        {
            var key = "user-" + i;
            var first = Version(key);
            Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(first, Version(key)));
            return first;
        }).ToList();

        Assert.InRange(versions.Count(v => v == "2"), 850, 1150);

        string Version(string key)
        {
            using var call = _engine.Begin(Workspaces.Default, "scorer", stickyKey: key);
            return call.ModelVersion;
        }
    }

    [Fact]
    public async Task The_shadow_sees_every_request_and_never_answers()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 100)) with { Shadow = new PlannedTarget("churn", 3, 0, "models:/churn/3") }]);

        for (var i = 0; i < 50; i++)
        {
            var (response, _) = await PredictAsync();
            Assert.Equal("1", response.ModelVersion);
            Assert.Equal([1f], (float[])response.Outputs.Single().Data);
        }

        await WaitUntil(() => _recorder.Calls.Count(c => c.Route == RouteNames.Shadow) == 50);
        var shadows = _recorder.Calls.Where(c => c.Route == RouteNames.Shadow).ToList();
        Assert.All(shadows, s => Assert.Equal([3f], (float[])s.Outputs!.Single().Data));
        Assert.Equal(50, _recorder.Calls.Count(c => c.Route == RouteNames.Primary));
    }

    [Fact]
    public async Task A_deployment_that_logs_nothing_records_no_call_for_its_primary_or_its_shadow()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 100)) with { Shadow = new PlannedTarget("churn", 3, 0, "models:/churn/3"), LogSampleRate = 0 }]);
        var shadowRequests = ServingMetrics.Requests.WithLabels(Workspaces.Default, "scorer", "churn", "3", RouteNames.Shadow);
        var before = shadowRequests.Value;

        for (var i = 0; i < 20; i++)
        {
            var (response, _) = await PredictAsync();
            Assert.Equal([1f], (float[])response.Outputs.Single().Data);
        }

        // The shadow runs after the answer; wait for its requests to drain before checking that none was recorded.
        await WaitUntil(() => shadowRequests.Value >= before + 20);
        Assert.Empty(_recorder.Calls);
    }

    [Fact]
    public async Task Moving_to_a_new_version_under_load_fails_no_request_and_unloads_the_old_one()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 100))]);
        var oldModel = _engine.Find(Workspaces.Default, "scorer")!.Current!.Targets[0].Model;
        using var stop = new CancellationTokenSource();
        var answers = new System.Collections.Concurrent.ConcurrentBag<string>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (response, _) = await PredictAsync();
                Assert.Equal(float.Parse(response.ModelVersion, System.Globalization.CultureInfo.InvariantCulture), ((float[])response.Outputs[0].Data)[0]);
                answers.Add(response.ModelVersion);
            }
        })).ToList();

        await WaitUntil(() => answers.Count > 100);
        await _engine.ApplyAsync([Plan(("churn", 2, 100)) with { Revision = 2 }]);
        await WaitUntil(() => answers.Count(a => a == "2") > 100);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Contains("1", answers);
        Assert.Contains("2", answers);
        Assert.True(oldModel.Unloaded);
        var (last, _) = await PredictAsync();
        Assert.Equal("2", last.ModelVersion);
    }

    [Fact]
    public async Task A_version_that_fails_to_load_leaves_the_deployment_serving_the_previous_one()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 100))]);
        Directory.CreateDirectory(Path.Combine(_root, "churn", "9"));

        await _engine.ApplyAsync([Plan(("churn", 9, 100)) with { Revision = 2 }]);

        var slot = _engine.Find(Workspaces.Default, "scorer")!;
        Assert.Contains("has no MLmodel file", slot.LoadError, StringComparison.Ordinal);
        var (response, _) = await PredictAsync();
        Assert.Equal("1", response.ModelVersion);
    }

    [Fact]
    public async Task A_deployment_that_never_loaded_is_unavailable_with_the_reason()
    {
        Directory.CreateDirectory(Path.Combine(_root, "churn", "9"));
        await _engine.ApplyAsync([Plan(("churn", 9, 100))]);

        var error = Assert.Throws<SlipwayException>(() => _engine.Begin(Workspaces.Default, "scorer"));

        Assert.Equal(ErrorCode.TemporarilyUnavailable, error.Code);
        Assert.Contains("has no model loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_deployments_and_versions_are_not_found_with_what_exists()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 80), ("churn", 2, 20))]);

        var deployment = Assert.Throws<SlipwayException>(() => _engine.Begin(Workspaces.Default, "nope"));
        var version = Assert.Throws<SlipwayException>(() => _engine.Begin(Workspaces.Default, "scorer", "7"));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, deployment.Code);
        Assert.Equal("There is no deployment named 'nope'.", deployment.Message);
        Assert.Equal("Deployment 'scorer' serves versions 1, 2 of 'churn', not version 7.", version.Message);
        using var call = _engine.Begin(Workspaces.Default, "scorer", "2");
        Assert.Equal("2", call.ModelVersion);
    }

    [Fact]
    public async Task An_unchanged_plan_loads_nothing_and_a_removed_deployment_unloads()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 100))]);
        var model = _engine.Find(Workspaces.Default, "scorer")!.Current!.Targets[0].Model;

        await _engine.ApplyAsync([Plan(("churn", 1, 100))]);
        Assert.Equal(1, _source.Fetches);

        await _engine.ApplyAsync([]);
        Assert.Null(_engine.Find(Workspaces.Default, "scorer"));
        Assert.True(model.Unloaded);
    }

    [Fact]
    public async Task A_request_that_does_not_fit_the_signature_is_refused_and_recorded()
    {
        await _engine.ApplyAsync([Plan(("churn", 1, 100))]);
        using var call = _engine.Begin(Workspaces.Default, "scorer");
        var request = new InferenceRequest([new InferenceTensor("x", OipDatatypes.Fp32, [1, 3], new float[3])], []);

        var error = await Assert.ThrowsAsync<SlipwayException>(async () => await call.PredictAsync(request, "test"));

        Assert.Equal("Input 'x' has shape [1, 3] but the model expects [-1, 2] (-1: any size).", error.Message);
        Assert.Equal(error.Message, Assert.Single(_recorder.Calls).Error);
    }

    [Fact]
    public async Task Batching_combines_concurrent_requests_and_every_caller_gets_its_own_rows()
    {
        ModelDirectories.Linear(Path.Combine(_root, "sum", "1"), [1f, 1f], 0);
        await _engine.ApplyAsync([new DeploymentPlan(Workspaces.Default, "summer", 1, [new PlannedTarget("sum", 1, 1, "models:/sum/1")], null, null, 8, 20, 1, null)]);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            using var call = _engine.Begin(Workspaces.Default, "summer");
            var response = await call.PredictAsync(new InferenceRequest([new InferenceTensor("x", OipDatatypes.Fp32, [1, 2], new float[] { i, 1000 })], []), "test");
            return (i, ((float[])response.Outputs[0].Data)[0]);
        })));

        Assert.All(results, r => Assert.Equal(r.i + 1000, r.Item2));
    }

    private static DeploymentPlan Plan(params (string Model, long Version, int Weight)[] targets) =>
        new(Workspaces.Default, "scorer", 1, [.. targets.Select(t => new PlannedTarget(t.Model, t.Version, t.Weight, $"models:/{t.Model}/{t.Version}"))], null, null, 0, 0, 1, null);

    private async Task<(InferenceResponse Response, string Route)> PredictAsync()
    {
        using var call = _engine.Begin(Workspaces.Default, "scorer");
        var request = new InferenceRequest([new InferenceTensor("x", OipDatatypes.Fp32, [1, 2], new float[] { 3, 4 })], []);
        return (await call.PredictAsync(request, "test"), call.Route);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
