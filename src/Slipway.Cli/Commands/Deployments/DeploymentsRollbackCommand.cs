using System.CommandLine;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments rollback NAME [--to-revision N]</c></summary>
internal static class DeploymentsRollbackCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DeploymentArguments.Name();
        var revision = new Option<long?>("--to-revision")
        {
            Description = "The revision whose configuration to restore (see `slipway deployments revisions NAME`). Default: the one before the current.",
            HelpName = "n",
        };
        revision.Validators.Add(result => NumberRange.Check(result, 1, long.MaxValue, "--to-revision must be a positive revision number"));
        var command = new Command(
            "rollback",
            "Restore an earlier revision's configuration as a new revision and load it; exit 1 when it fails to load. "
            + "Aliases are resolved again, so a restored models:/churn@champion serves what the alias names now.")
        {
            name, revision,
        };
        command.WithExamples(
            "slipway deployments rollback churn                       back to the previous configuration",
            "slipway deployments rollback churn --to-revision 2");
        command.SetClientAction(context, global, async call =>
        {
            var deployment = await call.Client.RollbackDeploymentAsync(call.Get(name), call.Get(revision), call.CancellationToken);
            return DeploymentView.Report(context, call.Output, deployment, $"Rolled deployment '{deployment.Name}' back; it is now at revision {DeploymentView.Number(deployment.Revision)}.");
        });
        return command;
    }
}
