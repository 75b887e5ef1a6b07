using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines list</c></summary>
internal static class PipelinesListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var command = new Command("list", "List the workspace's registered pipelines with their steps, triggers and code.");
        command.WithExamples(
            "slipway pipelines list",
            "slipway pipelines list --output json");
        command.SetClientAction(context, global, async call =>
        {
            var pipelines = await call.Client.ListPipelinesAsync(call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(pipelines, PipelinesJsonContext.Default.IReadOnlyListPipelineInfo);
                return 0;
            }

            if (pipelines.Count == 0)
            {
                call.Output.Note("No pipelines registered. Register one with `slipway pipelines apply slipway.yaml`.");
                return 0;
            }

            var table = CliWriter.NewTable("Name", "Steps", "Triggers", "Code", "Last updated", "Creator");
            foreach (var pipeline in pipelines)
            {
                CliWriter.AddRow(
                    table,
                    pipeline.Name,
                    pipeline.Summary is { } summary ? string.Join(", ", summary.Steps.Select(s => s.Name)) : "-",
                    pipeline.Summary is { Triggers.Count: > 0 } withTriggers ? string.Join(", ", withTriggers.Triggers) : "-",
                    DisplayFormat.OrDash(pipeline.Code),
                    DisplayFormat.Timestamp(pipeline.LastUpdatedTime),
                    DisplayFormat.OrDash(pipeline.Creator));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
