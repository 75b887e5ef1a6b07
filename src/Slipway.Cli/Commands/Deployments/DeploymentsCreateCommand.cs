using System.CommandLine;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments create NAME --model URI[=WEIGHT]... [settings]</c></summary>
internal static class DeploymentsCreateCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DeploymentArguments.Name("The new deployment's name: lowercase letters, digits, '.', '_' and '-'; it names the endpoint (/v2/models/NAME/infer).");
        var settings = new DeploymentSpecOptions(forUpdate: false);
        var command = new Command(
            "create",
            "Create a deployment and load it: the command returns once its models serve (or failed to load, exit 1). An unknown model or alias is refused and nothing is stored.")
        {
            name,
        };
        settings.AddTo(command, forUpdate: false);
        command.WithExamples(
            "slipway deployments create churn --model models:/churn@champion",
            "slipway deployments create churn --model models:/churn/3=90 --model models:/churn/4=10     a 90/10 canary",
            "slipway deployments create churn -m models:/churn@champion --shadow models:/churn@challenger --sticky-header X-User-Id",
            "slipway deployments create churn -m models:/churn@champion --batch-size 32 --batch-latency-ms 5 --log-sample-rate 0.1");
        command.SetClientAction(context, global, async call =>
        {
            var deployment = await call.Client.CreateDeploymentAsync(call.Get(name), settings.ToSpec(call), call.Get(settings.Description), call.CancellationToken);
            return DeploymentView.Report(context, call.Output, deployment, $"Created deployment '{deployment.Name}'.");
        });
        return command;
    }
}
