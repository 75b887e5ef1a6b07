using System.CommandLine;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines start NAME [-p KEY=VALUE]... [--no-wait]</c></summary>
internal static class PipelinesStartCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = PipelineArguments.Name("The registered pipeline to start (its spec and code as last applied).");
        var parameters = ParamOption.Create();
        var noWait = NoWaitOption();
        var command = new Command(
            "start",
            "Start a run of a registered pipeline and watch it to the end, as `slipway run` does for a file. "
            + $"Exit code 0 when it succeeded, 1 when it failed or was canceled, {SpecProblems.ExitCode} when the server refused the params.")
        {
            name, parameters, noWait,
        };
        command.WithExamples(
            "slipway pipelines start churn",
            "slipway pipelines start churn -p lr=0.01 --no-wait");
        command.SetClientAction(context, global, async call =>
        {
            var overrides = ParamOption.Parse(call.Get(parameters));
            Client.Pipelines.LaunchOutcome outcome;
            try
            {
                outcome = await call.Client.LaunchRegisteredPipelineAsync(call.Get(name), overrides, call.CancellationToken);
            }
            catch (Client.SlipwayApiException ex) when (SpecProblems.Matches(ex))
            {
                SpecProblems.Write(context, "the server refused the launch", ex);
                return SpecProblems.ExitCode;
            }

            return await LaunchFollowUp.HandleAsync(context, call, outcome, wait: !call.Get(noWait), embedded: false);
        });
        return command;
    }

    public static Option<bool> NoWaitOption() =>
        new("--no-wait") { Description = "Print the run's id once it has started and exit, instead of watching it to the end." };
}
