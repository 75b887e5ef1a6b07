using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Commands.Experiments;

/// <summary><c>slipway experiments create NAME [--artifact-location URI] [--tag KEY=VALUE]...</c></summary>
internal static class ExperimentsCreateCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "Name of the new experiment; unique among experiments." };
        var artifactLocation = new Option<string?>("--artifact-location")
        {
            Description = "Where the experiment's run artifacts are stored. Default: chosen by the server (proxied artifacts).",
            HelpName = "uri",
        };
        var tags = TagOption.Create("Tag to set on the experiment");
        var command = new Command("create", "Create an experiment and print its id.") { name, artifactLocation, tags };
        command.SetClientAction(context, global, async call =>
        {
            var experimentName = call.Get(name);
            var id = await call.Client.CreateExperimentAsync(
                experimentName, call.Get(artifactLocation), TagOption.Parse(call.Get(tags)), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ExperimentChange(id, experimentName, LifecycleStage.Active.ToName()), CliJsonContext.Default.ExperimentChange);
            }
            else
            {
                call.Output.Line($"Created experiment '{experimentName}' with id {id}.");
            }

            return 0;
        });
        return command;
    }
}
