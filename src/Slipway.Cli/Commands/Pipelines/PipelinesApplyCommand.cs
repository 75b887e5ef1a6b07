using System.CommandLine;
using Slipway.Cli.Commands.Data;
using Slipway.Cli.Output;
using Slipway.Client;
using Slipway.Client.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines apply FILE</c></summary>
internal static class PipelinesApplyCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var codeDirectory = PipelineArguments.CodeDirectory();
        var file = PipelineArguments.File("The pipeline file to register, such as slipway.yaml; the files of its directory are the code its runs use.");
        var command = new Command(
            "apply",
            "Register a pipeline file, or replace the pipeline of the same name: check it, push its directory as the code snapshot, "
            + $"and make its triggers (schedules, webhooks, dataset and alert triggers) the active ones. Exit code {SpecProblems.ExitCode} when the server refuses the file.")
        {
            file, codeDirectory,
        };
        command.WithExamples(
            "slipway pipelines apply slipway.yaml",
            "slipway pipelines apply pipelines/nightly.yaml --workspace fraud-team");
        command.SetClientAction(context, global, async call =>
        {
            var path = call.Get(file);
            PipelineInfo pipeline;
            try
            {
                pipeline = await LocalFailure.AsCommandErrorAsync(() => TransferDisplay.RunAsync(
                    context.Console, call.Output, progress => call.Client.ApplyPipelineAsync(path, progress, call.Get(codeDirectory), call.CancellationToken)));
            }
            catch (SlipwayApiException ex) when (SpecProblems.Matches(ex))
            {
                SpecProblems.Write(context, $"{Path.GetFileName(path)} has {SpecProblems.Count(ex)}; nothing was registered", ex);
                return SpecProblems.ExitCode;
            }

            if (call.Output.IsJson)
            {
                call.Output.Json(pipeline, PipelinesJsonContext.Default.PipelineInfo);
                return 0;
            }

            var triggers = pipeline.Summary is { Triggers.Count: > 0 } summaryWithTriggers
                ? $"active triggers: {string.Join(", ", summaryWithTriggers.Triggers)}"
                : $"no triggers: start runs with `slipway pipelines start {pipeline.Name}`";
            call.Output.Line($"Applied pipeline {pipeline.Name} with code {DisplayFormat.OrDash(pipeline.Code)}; {triggers}.");
            return 0;
        });
        return command;
    }
}
