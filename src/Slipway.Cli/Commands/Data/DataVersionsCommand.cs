using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data versions NAME</c></summary>
internal static class DataVersionsCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DatasetArguments.Name("The dataset (see `slipway data list`).");
        var command = new Command("versions", "List a dataset's versions, newest first, with their tags, size and message.") { name };
        command.WithExamples(
            "slipway data versions churn");
        command.SetClientAction(context, global, async call =>
        {
            var dataset = DatasetArguments.Parse(call.Get(name)).Name;
            var versions = await call.Client.ListDatasetVersionsAsync(dataset, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(versions, DataJsonContext.Default.IReadOnlyListDatasetVersion);
                return 0;
            }

            if (versions.Count == 0)
            {
                call.Output.Note($"Dataset '{dataset}' has no versions.");
                return 0;
            }

            var table = CliWriter.NewTable("Version", "Tags", "Created", "Creator", "Files", "Size", "Parent", "Message");
            foreach (var version in versions)
            {
                CliWriter.AddRow(
                    table,
                    DataFormat.Count(version.Version),
                    string.Join(' ', version.Tags),
                    DisplayFormat.Timestamp(version.CreationTime),
                    DisplayFormat.OrDash(version.Creator),
                    DataFormat.Count(version.FileCount),
                    DataFormat.Bytes(version.TotalBytes),
                    version.ParentVersion is { } parent ? DataFormat.Count(parent) : "-",
                    DisplayFormat.OrDash(version.Message));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
