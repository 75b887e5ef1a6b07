using System.Text;
using Slipway.Client.Pipelines;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;

namespace Slipway.Client.Tests.Pipelines;

/// <summary>Reading and following step logs, and waiting for a run, against a scripted run.</summary>
public sealed class PipelineLogTests : IDisposable
{
    private readonly ScriptedPipelineServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Reading_gives_each_steps_lines_in_the_runs_order_ending_a_last_line_without_newline()
    {
        _server.RunStates(PipelineJson.Run("succeeded", Done("prep"), Done("train")))
            .Log("train", ends: true, "epoch 1\r\nepoch 2\n", "done")
            .Log("prep", ends: true, "rows: 10\n");
        using var client = _server.CreateClient();
        var lines = new List<StepLogLine>();

        await client.ReadLogsAsync(PipelineJson.RunId, step: null, lines.Add);

        Assert.Equal(
            [new("prep", "rows: 10"), new("train", "epoch 1"), new("train", "epoch 2"), new("train", "done")],
            lines);
    }

    [Fact]
    public async Task Following_decodes_a_character_split_between_chunks_and_stops_once_every_step_is_complete()
    {
        var text = Encoding.UTF8.GetBytes("température 23°C\nfin\n");
        var split = Array.IndexOf(text, (byte)0xC3) + 1; // inside the two bytes of 'é'
        _server.RunStates(
                PipelineJson.Run("running", PipelineJson.Step("train", "running")),
                PipelineJson.Run("running", PipelineJson.Step("train", "running")),
                PipelineJson.Run("succeeded", Done("train")))
            .Log("train", ends: true, text[..split], [], text[split..]);
        using var client = _server.CreateClient();
        var lines = new List<StepLogLine>();

        await client.FollowLogsAsync(PipelineJson.RunId, "train", lines.Add);

        Assert.Equal(["température 23°C", "fin"], lines.Select(l => l.Text));
        Assert.Contains(_server.Requests, r => r.Contains("/steps/train/logs?offset=0&wait=10", StringComparison.Ordinal));
        Assert.Contains(_server.Requests, r => r.Contains($"/steps/train/logs?offset={split}&", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Following_a_run_waits_for_steps_that_have_not_started_and_skips_those_that_never_will()
    {
        _server.RunStates(
                PipelineJson.Run("running", PipelineJson.Step("prep", "running"), PipelineJson.Step("train", "pending", attempts: 0, start: null), PipelineJson.Step("report", "pending", attempts: 0, start: null)),
                PipelineJson.Run("running", Done("prep"), PipelineJson.Step("train", "running"), PipelineJson.Step("report", "pending", attempts: 0, start: null)),
                PipelineJson.Run("failed", Done("prep"), PipelineJson.Step("train", "failed", end: 1700000009000), PipelineJson.Step("report", "skipped", attempts: 0, start: null)))
            .Log("prep", ends: true, "prep done\n")
            .Log("train", ends: true, "boom\n")
            .Log("report", ends: true, "never read\n");
        using var client = _server.CreateClient();
        using var output = new StringWriter();

        await client.FollowLogsAsync(PipelineJson.RunId, step: null, output);

        Assert.Equal(["[prep] prep done", "[train] boom"], output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(_server.Requests, r => r.Contains("/steps/report/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sweep_named_with_step_stands_for_its_variants()
    {
        _server.RunStates(PipelineJson.Run(
                "succeeded",
                PipelineJson.Step("train", "succeeded", extra: "\"variants\":[\"train[lr=0.1]\",\"train[lr=0.2]\"]"),
                PipelineJson.Step("train[lr=0.1]", "succeeded", extra: "\"sweep\":\"train\",\"matrix\":{\"lr\":\"0.1\"}", end: 1700000009000),
                PipelineJson.Step("train[lr=0.2]", "succeeded", extra: "\"sweep\":\"train\",\"matrix\":{\"lr\":\"0.2\"}", end: 1700000009000)))
            .Log("train[lr=0.1]", ends: true, "a\n")
            .Log("train[lr=0.2]", ends: true, "b\n");
        using var client = _server.CreateClient();
        var lines = new List<string>();

        await client.ReadLogsAsync(PipelineJson.RunId, "train", line => lines.Add(line.Display("train")));

        Assert.Equal(["[train[lr=0.1]] a", "[train[lr=0.2]] b"], lines);
    }

    [Fact]
    public async Task An_unknown_step_is_an_error_that_lists_the_steps()
    {
        _server.RunStates(PipelineJson.Run("running", Done("prep"), PipelineJson.Step("train", "running")));
        using var client = _server.CreateClient();

        var error = await Assert.ThrowsAsync<SlipwayException>(() => client.ReadLogsAsync(PipelineJson.RunId, "trian", _ => { }));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Contains("has no step 'trian'; its steps are prep, train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_reports_every_look_until_the_run_has_ended()
    {
        _server.RunStates(
            PipelineJson.Run("queued"),
            PipelineJson.Run("running", PipelineJson.Step("train", "running")),
            PipelineJson.Run("succeeded", Done("train")));
        using var client = _server.CreateClient();
        var seen = new List<PipelineRunStatus>();

        var final = await client.WaitForPipelineRunAsync(PipelineJson.RunId, new SynchronousProgress(run => seen.Add(run.Status)), TimeSpan.Zero);

        Assert.Equal([PipelineRunStatus.Queued, PipelineRunStatus.Running, PipelineRunStatus.Succeeded], seen);
        Assert.Equal((PipelineRunStatus.Succeeded, StepStatus.Succeeded), (final.Status, final.Steps.Single().Status));
    }

    private static string Done(string step) => PipelineJson.Step(step, "succeeded", end: 1700000009000);

    private sealed class SynchronousProgress(Action<PipelineRunInfo> report) : IProgress<PipelineRunInfo>
    {
        public void Report(PipelineRunInfo value) => report(value);
    }
}
