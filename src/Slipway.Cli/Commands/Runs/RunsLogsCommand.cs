using System.CommandLine;
using System.Net;
using System.Text.Json;
using Slipway.Cli.Commands.Pipelines;
using Slipway.Client;
using Slipway.Client.Pipelines;

namespace Slipway.Cli.Commands.Runs;

/// <summary><c>slipway runs logs RUN_ID [--step NAME] [--follow]</c></summary>
internal static class RunsLogsCommand
{
    /// <summary>One JSON object a line (<c>{"step":"train","text":"epoch 1"}</c>), so that tools can read lines as they come.</summary>
    private static readonly PipelinesJsonContext JsonLines = new(new JsonSerializerOptions(PipelinesJsonContext.Default.Options) { WriteIndented = false });

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var runId = new Argument<string>("run-id")
        {
            Description = "A pipeline run's id (every step's log, each line prefixed with [step]) or a step's tracking run id (that step's log).",
        };
        var step = new Option<string?>("--step") { Description = "Only this step's log (a sweep: each of its variants').", HelpName = "name" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as the steps write them, until every step has ended." };
        var command = new Command(
            "logs",
            "Print the logs of a pipeline run's steps, in the run's order; with --follow, as they are written. "
            + "With --output json, one JSON object a line: {\"step\": ..., \"text\": ...}.")
        {
            runId, step, follow,
        };
        command.WithExamples(
            "slipway runs logs 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60 --follow",
            "slipway runs logs 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60 --step train",
            "slipway runs logs 9a8b7c6d5e4f30211a2b3c4d5e6f7a8b          a step's tracking run id: that step only");
        command.SetClientAction(context, global, async call =>
        {
            var (pipelineRunId, stepName) = await ResolveAsync(call.Client, call.Get(runId), call.Get(step), call.CancellationToken);
            Action<StepLogLine> write = call.Output.IsJson
                ? line => context.Output.WriteLine(JsonSerializer.Serialize(line, JsonLines.StepLogLine))
                : line => context.Output.WriteLine(line.Display(stepName));
            if (call.Get(follow))
            {
                await call.Client.FollowLogsAsync(pipelineRunId, stepName, write, call.CancellationToken);
            }
            else
            {
                await call.Client.ReadLogsAsync(pipelineRunId, stepName, write, call.CancellationToken);
            }

            context.Output.Flush();
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The pipeline run and step to read: the id itself when it names a pipeline run, else the pipeline run and step
    /// that the tracking run of that id was made by (its <see cref="PipelineRunTags"/>).
    /// </summary>
    internal static async Task<(string PipelineRunId, string? Step)> ResolveAsync(SlipwayClient client, string id, string? step, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetPipelineRunAsync(id, cancellationToken);
            return (id, step);
        }
        catch (SlipwayApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Not a pipeline run: perhaps a step's tracking run.
        }

        Core.Tracking.Run run;
        try
        {
            run = await client.GetRunAsync(id, cancellationToken);
        }
        catch (SlipwayApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new CommandException($"No pipeline run and no tracking run has the id '{id}'; see `slipway pipelines runs`.");
        }

        var tags = run.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        if (!tags.TryGetValue(PipelineRunTags.PipelineRunId, out var pipelineRunId) || !tags.TryGetValue(PipelineRunTags.Step, out var stepName))
        {
            throw new CommandException($"Run {id} was not made by a pipeline step (it has no {PipelineRunTags.PipelineRunId} and {PipelineRunTags.Step} tags), so it has no step log.");
        }

        if (step is not null && step != stepName)
        {
            throw new CommandException($"Run {id} is the tracking run of step '{stepName}', not '{step}'; leave out --step, or give the pipeline run's id {pipelineRunId}.");
        }

        return (pipelineRunId, stepName);
    }
}
