using System.CommandLine;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines ...</c></summary>
internal static class PipelinesCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "pipelines", "Register pipelines and their triggers, follow their runs step by step, cancel and retry runs, manage webhooks.")
    {
        PipelinesListCommand.Create(context, global),
        PipelinesShowCommand.Create(context, global),
        PipelinesApplyCommand.Create(context, global),
        PipelinesValidateCommand.Create(context, global),
        PipelinesDeleteCommand.Create(context, global),
        PipelinesStartCommand.Create(context, global),
        PipelinesRunsCommand.Create(context, global),
        PipelinesStatusCommand.Create(context, global),
        PipelinesCancelCommand.Create(context, global),
        PipelinesRetryCommand.Create(context, global),
        WebhookCommand.Create(context, global),
    }.WithExamples(
        "slipway pipelines validate slipway.yaml                  check a file without running it",
        "slipway pipelines apply slipway.yaml                     register it: its schedules and triggers start",
        "slipway pipelines start churn -p lr=0.01                 a run of the registered pipeline",
        "slipway pipelines runs --pipeline churn --status failed",
        "slipway pipelines status 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60   steps with their attempts",
        "slipway pipelines retry 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60",
        "slipway pipelines webhook create churn                   a URL and token that start the pipeline");
}
