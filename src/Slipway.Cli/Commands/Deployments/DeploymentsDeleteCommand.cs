using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments delete NAME</c></summary>
internal static class DeploymentsDeleteCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DeploymentArguments.Name("The deployment to delete.");
        var command = new Command("delete", "Delete a deployment and its revisions: its endpoint stops answering and its models are unloaded. The registered models stay.") { name };
        command.WithExamples("slipway deployments delete churn");
        command.SetClientAction(context, global, async call =>
        {
            var deployment = call.Get(name);
            await call.Client.DeleteDeploymentAsync(deployment, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("deployment.delete", deployment), DeploymentsJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Deleted deployment '{deployment}'; its registered models stay.");
            }

            return 0;
        });
        return command;
    }
}
