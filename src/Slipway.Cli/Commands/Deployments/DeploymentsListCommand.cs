using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments list</c></summary>
internal static class DeploymentsListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var command = new Command("list", "List the workspace's deployments: revision, state, targets and the versions served.");
        command.WithExamples(
            "slipway deployments list",
            "slipway deployments list --output json");
        command.SetClientAction(context, global, async call =>
        {
            var deployments = await call.Client.ListDeploymentsAsync(call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(deployments, DeploymentsJsonContext.Default.IReadOnlyListDeploymentInfo);
                return 0;
            }

            if (deployments.Count == 0)
            {
                call.Output.Note("No deployments. Create one with `slipway deployments create NAME --model models:/NAME@champion`.");
                return 0;
            }

            var table = CliWriter.NewTable("Name", "Revision", "State", "Targets", "Serving", "Last updated");
            foreach (var deployment in deployments)
            {
                CliWriter.AddRow(
                    table,
                    deployment.Name,
                    DeploymentView.Number(deployment.Revision),
                    DeploymentView.State(deployment.Status.State),
                    DeploymentView.Targets(deployment.Spec),
                    DisplayFormat.OrDash(string.Join(", ", deployment.Status.Serving.Select(s => $"{s.Model} v{s.Version} ({s.Route})"))),
                    DisplayFormat.Timestamp(deployment.LastUpdatedTimestamp));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
