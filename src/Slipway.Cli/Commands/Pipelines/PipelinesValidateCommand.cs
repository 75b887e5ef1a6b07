using System.CommandLine;
using Slipway.Cli.Commands.Data;
using Slipway.Client;
using Slipway.Client.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines validate FILE</c></summary>
internal static class PipelinesValidateCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var file = PipelineArguments.File("The pipeline file to check, such as slipway.yaml.");
        var command = new Command(
            "validate",
            "Check a pipeline file on the server without registering or running it, and show what it declares. "
            + "Exit code 1 when it has problems, each printed as file:line:col: field: message.")
        {
            file,
        };
        command.WithExamples(
            "slipway pipelines validate slipway.yaml",
            "slipway pipelines validate pipelines/train.yaml --output json");
        command.SetClientAction(context, global, async call =>
        {
            var pipelineFile = await LocalFailure.AsCommandErrorAsync(() => PipelineFile.ReadAsync(call.Get(file), call.CancellationToken));
            PipelineSpecSummary summary;
            try
            {
                summary = await call.Client.ValidatePipelineAsync(pipelineFile.Spec, pipelineFile.FileName, call.CancellationToken);
            }
            catch (SlipwayApiException ex) when (SpecProblems.Matches(ex))
            {
                SpecProblems.Write(context, $"{pipelineFile.FileName} has {SpecProblems.Count(ex)}", ex);
                return 1;
            }

            if (call.Output.IsJson)
            {
                call.Output.Json(summary, PipelinesJsonContext.Default.PipelineSpecSummary);
                return 0;
            }

            call.Output.Line($"{pipelineFile.FileName} is valid: pipeline {summary.Name} with {DataFormat.Plural(summary.Steps.Count, "step")}.");
            SpecSummaryView.Write(call.Output, summary);
            return 0;
        });
        return command;
    }
}
