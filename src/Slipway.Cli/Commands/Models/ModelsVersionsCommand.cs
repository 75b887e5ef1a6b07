using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Registry;

namespace Slipway.Cli.Commands.Models;

/// <summary><c>slipway models versions NAME [--max-results N]</c></summary>
internal static class ModelsVersionsCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "Name of the registered model (see `slipway models list`)." };
        var maxResults = MaxResultsOption.Create("versions", defaultValue: 1000);
        var command = new Command("versions", "List the versions of a registered model, newest first, with stage, aliases and source run.")
        {
            name, maxResults,
        };
        command.SetClientAction(context, global, async call =>
        {
            var modelName = call.Get(name);

            // Fails with RESOURCE_DOES_NOT_EXIST for an unknown model, where a search would just come back empty.
            await call.Client.GetRegisteredModelAsync(modelName, call.CancellationToken);
            var (versions, more) = await PageCollector.CollectAsync(
                (pageSize, token) => call.Client.SearchModelVersionsAsync(NameFilter(modelName), ["version_number DESC"], pageSize, token, call.CancellationToken),
                call.Get(maxResults));
            versions = [.. versions.OrderByDescending(v => v.Version)];

            if (call.Output.IsJson)
            {
                call.Output.Json<IReadOnlyList<ModelVersion>>(versions, CliJsonContext.Default.IReadOnlyListModelVersion);
                return 0;
            }

            if (versions.Count == 0)
            {
                call.Output.Note($"Model '{modelName}' has no versions yet.");
                return 0;
            }

            var table = CliWriter.NewTable("Version", "Stage", "Status", "Aliases", "Run ID", "Source", "Created");
            foreach (var version in versions)
            {
                CliWriter.AddRow(
                    table,
                    version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    version.CurrentStage,
                    DisplayFormat.Status(version.Status),
                    DisplayFormat.OrDash(string.Join(", ", version.Aliases)),
                    DisplayFormat.OrDash(version.RunId),
                    version.Source,
                    DisplayFormat.Timestamp(version.CreationTimestamp));
            }

            call.Output.Render(table);
            if (more)
            {
                call.Output.Note($"Showing the newest {versions.Count} versions; raise --max-results to see more.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>An MLflow filter matching one model name, quoted so that quotes in the name survive.</summary>
    internal static string NameFilter(string modelName) =>
        modelName.Contains('\'', StringComparison.Ordinal)
            ? $"name = \"{modelName}\""
            : $"name = '{modelName}'";
}
