using System.CommandLine;

namespace Slipway.Cli.Commands.Deployments;

/// <summary>The arguments the deployment commands share.</summary>
internal static class DeploymentArguments
{
    public static Argument<string> Name(string description = "The deployment (see `slipway deployments list`).") =>
        new("deployment") { Description = description, HelpName = "deployment" };
}
