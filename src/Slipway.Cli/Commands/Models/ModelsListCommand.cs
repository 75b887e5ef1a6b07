using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Registry;

namespace Slipway.Cli.Commands.Models;

/// <summary><c>slipway models list [--filter F] [--max-results N]</c></summary>
internal static class ModelsListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var filter = new Option<string?>("--filter")
        {
            Description = "MLflow filter, such as \"name LIKE 'fraud%'\" or \"tags.team = 'risk'\".",
        };
        var maxResults = MaxResultsOption.Create("models", defaultValue: 1000);
        var command = new Command("list", "List registered models with their latest versions per stage and their aliases.") { filter, maxResults };
        command.SetClientAction(context, global, async call =>
        {
            var (models, more) = await PageCollector.CollectAsync(
                (pageSize, token) => call.Client.SearchRegisteredModelsAsync(call.Get(filter), ["name ASC"], pageSize, token, call.CancellationToken),
                call.Get(maxResults));

            if (call.Output.IsJson)
            {
                call.Output.Json<IReadOnlyList<RegisteredModel>>(models, CliJsonContext.Default.IReadOnlyListRegisteredModel);
                return 0;
            }

            if (models.Count == 0)
            {
                call.Output.Note("No registered models found.");
                return 0;
            }

            var table = CliWriter.NewTable("Name", "Latest versions", "Aliases", "Last updated", "Description");
            foreach (var model in models)
            {
                CliWriter.AddRow(
                    table,
                    model.Name,
                    DisplayFormat.OrDash(string.Join(", ", model.LatestVersions.OrderByDescending(v => v.Version).Select(v => $"{v.Version} ({v.CurrentStage})"))),
                    DisplayFormat.OrDash(string.Join(", ", model.Aliases.Select(a => $"{a.Alias} -> {a.Version}"))),
                    DisplayFormat.Timestamp(model.LastUpdatedTimestamp),
                    DisplayFormat.OrDash(model.Description));
            }

            call.Output.Render(table);
            if (more)
            {
                call.Output.Note($"Showing the first {models.Count} models; raise --max-results to see more.");
            }

            return 0;
        });
        return command;
    }
}
