using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data list</c></summary>
internal static class DataListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var command = new Command("list", "List the workspace's datasets with their latest version.");
        command.WithExamples(
            "slipway data list",
            "slipway data list --output json");
        command.SetClientAction(context, global, async call =>
        {
            var datasets = await call.Client.ListDatasetsAsync(call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(datasets, DataJsonContext.Default.IReadOnlyListDatasetSummary);
                return 0;
            }

            if (datasets.Count == 0)
            {
                call.Output.Note("No datasets yet. Push one with `slipway data push DIR --name NAME`.");
                return 0;
            }

            var table = CliWriter.NewTable("Name", "Latest", "Created", "Last updated");
            foreach (var dataset in datasets)
            {
                CliWriter.AddRow(table, dataset.Name, DataFormat.Count(dataset.LatestVersion), DisplayFormat.Timestamp(dataset.CreationTime), DisplayFormat.Timestamp(dataset.LastUpdatedTime));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
