using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data lineage NAME@VERSION</c></summary>
internal static class DataLineageCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var reference = DatasetArguments.Reference("dataset", $"The version: {DatasetArguments.ReferenceHelp}.");
        var command = new Command("lineage", "Show what used a dataset version: the runs that logged it as an input and the model versions they made.") { reference };
        command.WithExamples(
            "slipway data lineage churn@3");
        command.SetClientAction(context, global, async call =>
        {
            var parsed = DatasetArguments.Parse(call.Get(reference));
            var lineage = await call.Client.GetDatasetLineageAsync(parsed.Name, DatasetArguments.Selector(parsed), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(lineage, DataJsonContext.Default.DatasetLineage);
                return 0;
            }

            call.Output.Line(DatasetArguments.Display(lineage.Dataset, lineage.Version));
            call.Output.Line(string.Empty);
            if (lineage.Runs.Count == 0)
            {
                call.Output.Note("Runs: none");
            }
            else
            {
                call.Output.Line("Runs:");
                var runs = CliWriter.NewTable("Run ID", "Name", "Experiment", "Status");
                foreach (var run in lineage.Runs)
                {
                    CliWriter.AddRow(runs, run.RunId, DisplayFormat.OrDash(run.RunName), run.ExperimentId, DisplayFormat.OrDash(run.Status));
                }

                call.Output.Render(runs);
            }

            call.Output.Line(string.Empty);
            if (lineage.ModelVersions.Count == 0)
            {
                call.Output.Note("Model versions: none");
            }
            else
            {
                call.Output.Line("Model versions:");
                var models = CliWriter.NewTable("Model", "Version", "Run ID");
                foreach (var model in lineage.ModelVersions)
                {
                    CliWriter.AddRow(models, model.Name, model.Version, DisplayFormat.OrDash(model.RunId));
                }

                call.Output.Render(models);
            }

            return 0;
        });
        return command;
    }
}
