using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Commands.Experiments;

/// <summary><c>slipway experiments list [--view active|deleted|all] [--filter F] [--max-results N]</c></summary>
internal static class ExperimentsListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var view = ViewOption.Create("experiments");
        var filter = new Option<string?>("--filter")
        {
            Description = "MLflow filter, such as \"name LIKE 'fraud%'\" or \"tags.team = 'risk'\".",
        };
        var maxResults = MaxResultsOption.Create("experiments", defaultValue: 1000);
        var command = new Command("list", "List experiments, most recently updated first.") { view, filter, maxResults };
        command.SetClientAction(context, global, async call =>
        {
            var viewType = ViewOption.ToViewType(call.Get(view));
            var (experiments, more) = await PageCollector.CollectAsync(
                (pageSize, token) => call.Client.SearchExperimentsAsync(
                    call.Get(filter), ["last_update_time DESC"], viewType, pageSize, token, call.CancellationToken),
                call.Get(maxResults));

            if (call.Output.IsJson)
            {
                call.Output.Json<IReadOnlyList<Experiment>>(experiments, CliJsonContext.Default.IReadOnlyListExperiment);
                return 0;
            }

            if (experiments.Count == 0)
            {
                call.Output.Note("No experiments found.");
                return 0;
            }

            var table = CliWriter.NewTable("ID", "Name", "Stage", "Created", "Last updated", "Artifact location");
            foreach (var experiment in experiments)
            {
                CliWriter.AddRow(
                    table,
                    experiment.ExperimentId,
                    experiment.Name,
                    experiment.LifecycleStage.ToName(),
                    DisplayFormat.Timestamp(experiment.CreationTime),
                    DisplayFormat.Timestamp(experiment.LastUpdateTime),
                    DisplayFormat.OrDash(experiment.ArtifactLocation));
            }

            call.Output.Render(table);
            if (more)
            {
                call.Output.Note($"Showing the first {experiments.Count} experiments; raise --max-results to see more.");
            }

            return 0;
        });
        return command;
    }
}
