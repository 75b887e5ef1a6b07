using System.CommandLine;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines retry RUN_ID [--no-wait]</c></summary>
internal static class PipelinesRetryCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var runId = PipelineArguments.RunId("The ended pipeline run to run again.");
        var noWait = PipelinesStartCommand.NoWaitOption();
        var command = new Command(
            "retry",
            "Run a pipeline run again as a new run, with the same spec, params and code; steps whose results are cached are not run again. "
            + "Watches the new run to the end: exit code 0 when it succeeded, 1 when it failed or was canceled.")
        {
            runId, noWait,
        };
        command.WithExamples(
            "slipway pipelines retry 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60",
            "slipway pipelines retry 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60 --no-wait --output json");
        command.SetClientAction(context, global, async call =>
        {
            var outcome = await call.Client.RetryPipelineRunAsync(call.Get(runId), call.CancellationToken);
            return await LaunchFollowUp.HandleAsync(context, call, outcome, wait: !call.Get(noWait), embedded: false);
        });
        return command;
    }
}
