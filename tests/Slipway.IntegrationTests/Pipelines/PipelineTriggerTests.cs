using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Data;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>Registered pipelines started by their triggers (schedule, webhook, dataset, alert), with concurrency and cooldown.</summary>
public sealed class PipelineTriggerTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    /// <summary>How long a trigger that must not fire is watched for: a few ticks of the once-a-second schedule loop.</summary>
    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(2.5);

    private readonly PipelineApi _api = new(server.Http);

    [Fact]
    public async Task A_registered_pipeline_starts_through_the_api_with_params_from_a_chunked_json_body()
    {
        var name = Names.Unique("start");
        await _api.ApplyAsync($$$"""
            name: {{{name}}}
            params: {greeting: hello}
            steps:
              greet:
                run: echo "says ${{ params.greeting }}"
                cache: false
            """);

        // JsonContent has no length, so the body arrives chunked, as many HTTP clients send it.
        var response = await server.Http.PostAsJsonAsync($"/api/v1/pipelines/{name}/runs", new JsonObject { ["params"] = new JsonObject { ["greeting"] = "ahoy" } });
        var launched = await PipelineApi.ReadAsync(response, System.Net.HttpStatusCode.Created);
        var run = await _api.WaitAsync(launched.Str("run.id"));

        Assert.Equal("succeeded", run.Str("status"));
        Assert.Equal("ahoy", run.Str("params.greeting"));
        Assert.Contains("says ahoy", await _api.LogsAsync(run.Str("id"), "greet"), StringComparison.Ordinal);

        var webhook = await _api.CreateWebhookAsync(name);
        using var call = new HttpRequestMessage(HttpMethod.Post, webhook.Str("url"))
        {
            Content = JsonContent.Create(new JsonObject { ["params"] = new JsonObject { ["greeting"] = "ciao" } }),
        };
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", webhook.Str("token"));
        var hooked = await PipelineApi.ReadAsync(await server.Http.SendAsync(call), System.Net.HttpStatusCode.Created);
        Assert.Equal("ciao", (await _api.WaitAsync(hooked.Str("run.id"))).Str("params.greeting"));
    }

    [Fact]
    public async Task A_schedule_starts_runs_until_the_spec_is_registered_again_without_triggers()
    {
        var name = Names.Unique("sched");
        await _api.ApplyAsync($$$"""
            name: {{{name}}}
            triggers:
              - schedule: "* * * * * *"
            steps:
              tick:
                run: echo "${{ trigger.kind }}"
                cache: false
            """);

        var first = (await _api.WaitForRunsAsync(name, 1, TimeSpan.FromSeconds(10)))[^1];
        Assert.Equal("schedule", first.Str("trigger"));
        Assert.StartsWith("* * * * * *", first.Str("trigger_detail"), StringComparison.Ordinal);
        var ended = await _api.WaitAsync(first.Str("id"));
        Assert.Equal("succeeded", ended.Str("status"));
        Assert.Contains("schedule", await _api.LogsAsync(first.Str("id"), "tick"), StringComparison.Ordinal);

        await _api.ApplyAsync($$$"""
            name: {{{name}}}
            steps:
              tick:
                run: echo "${{ trigger.kind }}"
                cache: false
            """);
        // A tick that read the old spec just before it was replaced may still land; after that, nothing more.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var settled = (await _api.RunsOfAsync(name)).Count;
        await Task.Delay(QuietWindow);
        Assert.Equal(settled, (await _api.RunsOfAsync(name)).Count);
    }

    [Fact]
    public async Task A_webhook_starts_a_run_with_its_token_sent_three_ways_and_params_from_the_body()
    {
        var name = Names.Unique("hook");
        await _api.ApplyAsync($$$"""
            name: {{{name}}}
            params:
              greeting: hello
            triggers:
              - webhook: true
            steps:
              greet:
                run: echo "${{ params.greeting }} via ${{ trigger.kind }}"
                cache: false
            """);
        var webhook = await _api.CreateWebhookAsync(name);
        var (id, token) = (webhook.Str("id"), webhook.Str("token"));
        Assert.Equal($"/api/v1/hooks/{id}", webhook.Str("url"));

        using (var bearer = HookRequest(id, """{"params": {"greeting": "ahoy"}}"""))
        {
            bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var run = await StartedByAsync(bearer);
            Assert.Equal("webhook", run.Str("trigger"));
            Assert.Equal(id, run.Str("trigger_detail"));
            Assert.Equal("ahoy", run.Str("params.greeting"));
            var ended = await _api.WaitAsync(run.Str("id"));
            Assert.Equal("succeeded", ended.Str("status"));
            Assert.Contains("ahoy via webhook", await _api.LogsAsync(run.Str("id"), "greet"), StringComparison.Ordinal);
        }

        using (var header = HookRequest(id))
        {
            header.Headers.Add("X-Slipway-Webhook-Token", token);
            var run = await StartedByAsync(header);
            Assert.Equal("hello", run.Str("params.greeting"));
        }

        using (var query = HookRequest(id, query: "?token=" + Uri.EscapeDataString(token)))
        {
            Assert.Equal("webhook", (await StartedByAsync(query)).Str("trigger"));
        }

        Assert.Equal(3, (await _api.RunsOfAsync(name)).Count);
    }

    [Fact]
    public async Task A_wrong_webhook_token_and_an_unknown_webhook_get_the_same_401()
    {
        var name = Names.Unique("hook");
        await _api.ApplyAsync($$"""
            name: {{name}}
            triggers:
              - webhook: true
            steps:
              quick: {run: "true", cache: false}
            """);
        var webhook = await _api.CreateWebhookAsync(name);

        using var wrong = HookRequest(webhook.Str("id"));
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "slwh_" + new string('0', 64));
        var wrongMessage = await MlflowApi.AssertError(await server.Http.SendAsync(wrong), 401, "UNAUTHENTICATED");
        using var unknown = HookRequest(new string('a', 24));
        unknown.Headers.Authorization = new AuthenticationHeaderValue("Bearer", webhook.Str("token"));
        var unknownMessage = await MlflowApi.AssertError(await server.Http.SendAsync(unknown), 401, "UNAUTHENTICATED");
        using var missing = HookRequest(webhook.Str("id"));
        var missingMessage = await MlflowApi.AssertError(await server.Http.SendAsync(missing), 401, "UNAUTHENTICATED");

        Assert.Equal(wrongMessage, unknownMessage);
        Assert.Equal(wrongMessage, missingMessage);
        Assert.Empty(await _api.RunsOfAsync(name));
    }

    [Fact]
    public async Task A_new_version_of_the_named_dataset_starts_a_run_and_another_dataset_does_not()
    {
        var name = Names.Unique("ondata");
        var dataset = Names.Unique("watched");
        await _api.ApplyAsync($$$"""
            name: {{{name}}}
            triggers:
              - dataset: {{{dataset}}}
            steps:
              read:
                run: echo "started by ${{ trigger.detail }}"
                cache: false
            """);
        var wire = new DatasetWire(server.Http);

        // Dataset events are handled one at a time, in order: once the watched push has started its run, a run
        // started by the push before it would be there too.
        await wire.PushAsync(Names.Unique("other"), [DatasetWire.File.Text("a.csv", "x\n1\n")]);
        await wire.PushAsync(dataset, [DatasetWire.File.Text("a.csv", "x\n2\n")]);

        var run = Assert.Single(await _api.WaitForRunsAsync(name, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("dataset", run.Str("trigger"));
        Assert.Equal($"data:{dataset}@1", run.Str("trigger_detail"));
        var ended = await _api.WaitAsync(run.Str("id"));
        Assert.Equal("succeeded", ended.Str("status"));
        Assert.Contains($"started by data:{dataset}@1", await _api.LogsAsync(run.Str("id"), "read"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alert_starts_a_run_and_a_second_within_the_cooldown_is_skipped_saying_so()
    {
        var name = Names.Unique("onalert");
        var alert = Names.Unique("drift");
        await _api.ApplyAsync($$$"""
            name: {{{name}}}
            cooldown: 1h
            triggers:
              - alert: {{{alert}}}
            steps:
              retrain:
                run: echo "${{ trigger.detail }}"
                cache: false
            """);

        var first = await RaiseAsync(alert, "psi 0.4");
        var run = Assert.Single(first.Items("started"));
        Assert.Equal(name, run.Str("pipeline"));
        Assert.Equal("alert", run.Str("trigger"));
        Assert.Equal($"{alert}: psi 0.4", run.Str("trigger_detail"));
        Assert.Equal("succeeded", (await _api.WaitAsync(run.Str("id"))).Str("status"));

        var second = await RaiseAsync(alert, "psi 0.5");
        Assert.Empty(second.Items("started"));
        var skipped = second.Str("skipped." + name);
        Assert.Contains("cooling down", skipped, StringComparison.Ordinal);
        Assert.Contains("1h", skipped, StringComparison.Ordinal);
        Assert.Single(await _api.RunsOfAsync(name));
    }

    [Fact]
    public async Task Skip_if_running_answers_a_second_launch_with_200_and_why_while_the_first_runs()
    {
        var spec = PipelineExecutionTests.Spec("""
            concurrency: skip-if-running
            steps:
              long: {run: sleep 30, cache: false}
            """);
        var first = await _api.StartAsync(spec);
        await _api.WaitForStepAsync(first.Str("id"), "long", "running");

        var second = await PipelineApi.ReadAsync(await _api.LaunchAsync(spec), HttpStatusCode.OK);
        Assert.Null(second["run"]);
        Assert.Contains("already running", second.Str("skipped"), StringComparison.Ordinal);
        Assert.Contains(first.Str("id"), second.Str("skipped"), StringComparison.Ordinal);
        Assert.Single(await _api.RunsOfAsync(first.Str("pipeline")));

        await _api.CancelAsync(first.Str("id"));
        Assert.Equal("canceled", (await _api.WaitAsync(first.Str("id"))).Str("status"));
    }

    [Fact]
    public async Task Queue_holds_a_second_run_until_the_first_has_ended()
    {
        var spec = PipelineExecutionTests.Spec("""
            concurrency: queue
            steps:
              work: {run: sleep 1, cache: false}
            """);
        var first = await _api.StartAsync(spec);
        var second = await _api.StartAsync(spec);
        Assert.Equal("running", first.Str("status"));
        Assert.Equal("queued", second.Str("status"));

        var firstEnded = await _api.WaitAsync(first.Str("id"));
        var secondEnded = await _api.WaitAsync(second.Str("id"));
        Assert.Equal("succeeded", firstEnded.Str("status"));
        Assert.Equal("succeeded", secondEnded.Str("status"));
        Assert.True(
            secondEnded.Int64Value("start_time") >= firstEnded.Int64Value("end_time"),
            $"the queued run started at {secondEnded.Int64Value("start_time")}, before the first ended at {firstEnded.Int64Value("end_time")}");
        Assert.True(PipelineApi.Span(secondEnded, "work").Start >= PipelineApi.Span(firstEnded, "work").End);
    }

    [Fact]
    public async Task Cancelling_a_queued_run_cancels_it_without_it_ever_starting()
    {
        var spec = PipelineExecutionTests.Spec("""
            concurrency: queue
            steps:
              work: {run: sleep 30, cache: false}
            """);
        var first = await _api.StartAsync(spec);
        var queued = await _api.StartAsync(spec);
        Assert.Equal("queued", queued.Str("status"));

        await _api.CancelAsync(queued.Str("id"));
        var canceled = await _api.WaitAsync(queued.Str("id"));
        await _api.CancelAsync(first.Str("id"));
        Assert.Equal("canceled", (await _api.WaitAsync(first.Str("id"))).Str("status"));

        // The first run's end is when a queued run would be started: read the canceled one again after it.
        canceled = await _api.GetAsync(queued.Str("id"));
        Assert.Equal("canceled", canceled.Str("status"));
        Assert.Null(canceled["start_time"]);
        var step = PipelineApi.Step(canceled, "work");
        Assert.Equal("canceled", step.Str("status"));
        Assert.Null(step["start_time"]);
        Assert.Empty(step.Items("attempt_history"));
        Assert.Null(step["run_id"]);
    }

    private async Task<JsonObject> RaiseAsync(string alert, string detail) =>
        await PipelineApi.ReadAsync(
            await server.Http.PostAsJsonAsync("/api/v1/events/alerts", new JsonObject { ["alert"] = alert, ["detail"] = detail }),
            HttpStatusCode.OK);

    private async Task<JsonObject> StartedByAsync(HttpRequestMessage request) =>
        (await PipelineApi.ReadAsync(await server.Http.SendAsync(request), HttpStatusCode.Created))["run"]!.AsObject();

    private static HttpRequestMessage HookRequest(string id, string? body = null, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/hooks/{id}{query}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }
}
