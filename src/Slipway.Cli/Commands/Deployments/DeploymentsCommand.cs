using System.CommandLine;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments ...</c></summary>
internal static class DeploymentsCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "deployments", "Serve registered models as named endpoints: create, update (canary, shadow, batching), roll back and delete deployments; send predictions.")
    {
        DeploymentsListCommand.Create(context, global),
        DeploymentsGetCommand.Create(context, global),
        DeploymentsCreateCommand.Create(context, global),
        DeploymentsUpdateCommand.Create(context, global),
        DeploymentsRevisionsCommand.Create(context, global),
        DeploymentsRollbackCommand.Create(context, global),
        DeploymentsDeleteCommand.Create(context, global),
        DeploymentsPredictCommand.Create(context, global),
    }.WithExamples(
        "slipway deployments create churn --model models:/churn@champion",
        "slipway deployments update churn --model models:/churn/3=90 --model models:/churn/4=10   a 10% canary",
        "slipway deployments get churn                           state, versions served, load error",
        "slipway deployments predict churn --rows '[[0.5, 12, 3]]'",
        "slipway deployments rollback churn",
        "slipway serve --deployment churn                        a dedicated replica (see slipway serve --help)");
}
