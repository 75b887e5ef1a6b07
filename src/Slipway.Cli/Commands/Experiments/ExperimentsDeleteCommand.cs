using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Commands.Experiments;

/// <summary><c>slipway experiments delete ID</c></summary>
internal static class ExperimentsDeleteCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "Id of the experiment to delete (see `slipway experiments list`)." };
        var command = new Command("delete", "Soft-delete an experiment and its runs; they stay restorable and show with --view deleted.") { id };
        command.SetClientAction(context, global, async call =>
        {
            var experimentId = call.Get(id);
            await call.Client.DeleteExperimentAsync(experimentId, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ExperimentChange(experimentId, Name: null, LifecycleStage.Deleted.ToName()), CliJsonContext.Default.ExperimentChange);
            }
            else
            {
                call.Output.Line($"Deleted experiment {experimentId}.");
            }

            return 0;
        });
        return command;
    }
}
