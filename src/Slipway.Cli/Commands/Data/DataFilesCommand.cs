using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data files NAME@VERSION</c></summary>
internal static class DataFilesCommand
{
    /// <summary>Enough of a hash to tell files apart at a glance; <c>--output json</c> has all 64 digits.</summary>
    private const int ShownHashLength = 12;

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var reference = DatasetArguments.Reference("dataset", $"The version: {DatasetArguments.ReferenceHelp}.");
        var command = new Command("files", "List the files of a dataset version with their size, media type and content hash.") { reference };
        command.WithExamples(
            "slipway data files churn@3",
            "slipway data files churn --output json");
        command.SetClientAction(context, global, async call =>
        {
            var parsed = DatasetArguments.Parse(call.Get(reference));
            var files = await call.Client.ListDatasetFilesAsync(parsed.Name, DatasetArguments.Selector(parsed), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(files, DataJsonContext.Default.IReadOnlyListManifestEntry);
                return 0;
            }

            var table = CliWriter.NewTable("Path", "Size", "Media type", "SHA-256");
            foreach (var file in files)
            {
                CliWriter.AddRow(table, file.Path, DataFormat.Bytes(file.Size), file.MediaType, file.Hash.Hex[..ShownHashLength]);
            }

            call.Output.Render(table);
            call.Output.Note($"{DataFormat.Plural(files.Count, "file")}, {DataFormat.Bytes(files.Sum(f => f.Size))}.");
            return 0;
        });
        return command;
    }
}
