using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Pipelines;
using Spectre.Console;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines runs [--pipeline NAME] [--status STATUS] [--max-results N]</c></summary>
internal static class PipelinesRunsCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var pipeline = new Option<string?>("--pipeline") { Description = "Only this pipeline's runs.", HelpName = "name" };
        var status = new Option<string?>("--status") { Description = "Only runs in this status.", HelpName = "status" };
        status.AcceptOnlyFromAmong([.. Enum.GetValues<PipelineRunStatus>().Select(s => s.Name())]);
        var maxResults = MaxResultsOption.Create("runs", defaultValue: 50);
        var command = new Command("runs", "List pipeline runs, newest first: status, what started them, when, and how long they took.")
        {
            pipeline, status, maxResults,
        };
        command.WithExamples(
            "slipway pipelines runs",
            "slipway pipelines runs --pipeline churn --status failed -n 10");
        command.SetClientAction(context, global, async call =>
        {
            PipelineRunStatus? statusFilter = call.Get(status) is { } name ? PipelineStatuses.ParseRunStatus(name) : null;
            var (runs, more) = await PageCollector.CollectAsync(
                (pageSize, token) => call.Client.ListPipelineRunsAsync(call.Get(pipeline), statusFilter, pageSize, token, call.CancellationToken),
                call.Get(maxResults));
            if (call.Output.IsJson)
            {
                call.Output.Json<IReadOnlyList<Client.Pipelines.PipelineRunInfo>>(runs, PipelinesJsonContext.Default.IReadOnlyListPipelineRunInfo);
                return 0;
            }

            if (runs.Count == 0)
            {
                call.Output.Note("No pipeline runs found.");
                return 0;
            }

            var now = StepView.Now();
            var table = CliWriter.NewTable("ID", "Pipeline", "Status", "Trigger", "Started", "Duration", "Message");
            foreach (var run in runs)
            {
                table.AddRow(
                    new Text(run.Id),
                    new Text(run.Pipeline),
                    StepView.Status(run.Status),
                    new Text(run.TriggerDetail is null ? run.Trigger : $"{run.Trigger} ({run.TriggerDetail})"),
                    new Text(DisplayFormat.Timestamp(run.StartTime ?? run.CreationTime)),
                    new Text(StepView.Duration(run, now)),
                    new Text(DisplayFormat.OrDash(run.Message)));
            }

            call.Output.Render(table);
            if (more)
            {
                call.Output.Note($"Showing the newest {runs.Count}; use --max-results for more.");
            }

            return 0;
        });
        return command;
    }
}
