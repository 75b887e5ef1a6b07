using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines show NAME [--spec]</c></summary>
internal static class PipelinesShowCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = PipelineArguments.Name();
        var spec = new Option<bool>("--spec") { Description = "Print the pipeline file as last applied, and nothing else." };
        var command = new Command("show", "Show a registered pipeline: its code snapshot, triggers, params and steps.") { name, spec };
        command.WithExamples(
            "slipway pipelines show churn",
            "slipway pipelines show churn --spec > slipway.yaml     the file as last applied");
        command.SetClientAction(context, global, async call =>
        {
            var pipeline = await call.Client.GetPipelineAsync(call.Get(name), call.CancellationToken);
            if (call.Get(spec))
            {
                context.Output.Write(pipeline.Spec ?? string.Empty);
                context.Output.Flush();
                return 0;
            }

            if (call.Output.IsJson)
            {
                call.Output.Json(pipeline, PipelinesJsonContext.Default.PipelineInfo);
                return 0;
            }

            call.Output.Line($"Pipeline:    {pipeline.Name}");
            call.Output.Line($"Code:        {DisplayFormat.OrDash(pipeline.Code)}");
            call.Output.Line($"Applied:     {DisplayFormat.Timestamp(pipeline.LastUpdatedTime)} by {DisplayFormat.OrDash(pipeline.Creator)} (registered {DisplayFormat.Timestamp(pipeline.CreationTime)})");
            if (pipeline.Summary is { } summary)
            {
                SpecSummaryView.Write(call.Output, summary);
            }

            call.Output.Note($"Runs: slipway pipelines runs --pipeline {pipeline.Name}; the file: slipway pipelines show {pipeline.Name} --spec");
            return 0;
        });
        return command;
    }
}
