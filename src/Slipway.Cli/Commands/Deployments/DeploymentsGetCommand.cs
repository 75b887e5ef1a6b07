using System.CommandLine;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments get NAME</c></summary>
internal static class DeploymentsGetCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DeploymentArguments.Name();
        var command = new Command(
            "get",
            "Show a deployment: its configuration, its state on the server, the versions served with their routes, traffic shares and load times, and the load error if any.")
        {
            name,
        };
        command.WithExamples(
            "slipway deployments get churn",
            "slipway deployments get churn --output json");
        command.SetClientAction(context, global, async call =>
        {
            var deployment = await call.Client.GetDeploymentAsync(call.Get(name), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(deployment, DeploymentsJsonContext.Default.DeploymentInfo);
            }
            else
            {
                DeploymentView.Write(call.Output, deployment);
                call.Output.Note($"History: slipway deployments revisions {deployment.Name}; predict: slipway deployments predict {deployment.Name} --rows '[[...]]'");
            }

            return 0;
        });
        return command;
    }
}
