using System.CommandLine;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments update NAME [--model URI[=WEIGHT]]... [settings] [--clear SETTING]...</c></summary>
internal static class DeploymentsUpdateCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DeploymentArguments.Name();
        var settings = new DeploymentSpecOptions(forUpdate: true);
        var command = new Command(
            "update",
            "Change a deployment as a new revision: the settings given replace the current ones, the rest stay. "
            + "New versions load and warm up before traffic moves; exit 1 when they fail to load (the previous revision keeps serving). "
            + "Refused when someone else changed the deployment since it was read.")
        {
            name,
        };
        settings.AddTo(command, forUpdate: true);
        command.WithExamples(
            "slipway deployments update churn --model models:/churn/4                            all traffic to version 4",
            "slipway deployments update churn --model models:/churn/3=90 --model models:/churn/4=10",
            "slipway deployments update churn --batch-size 64 --clear shadow",
            "slipway deployments update churn --log-sample-rate 0.05 --log-webhook https://logs.example.com/inference");
        command.SetClientAction(context, global, async call =>
        {
            if (!settings.AnyGiven(call))
            {
                throw new CommandException("Nothing to change: give --model, a setting, or --clear SETTING (see --help).");
            }

            // The server replaces the whole configuration, so send the current one with the changes applied, pinned to
            // the revision read: a change someone made in between fails instead of being undone.
            var current = await call.Client.GetDeploymentAsync(call.Get(name), call.CancellationToken);
            var spec = settings.Merge(call, current);
            var deployment = await call.Client.UpdateDeploymentAsync(current.Name, spec, current.Revision, call.Get(settings.Description), call.CancellationToken);
            return DeploymentView.Report(context, call.Output, deployment, $"Updated deployment '{deployment.Name}' to revision {DeploymentView.Number(deployment.Revision)}.");
        });
        return command;
    }
}
