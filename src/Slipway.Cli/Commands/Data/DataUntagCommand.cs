using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data untag NAME TAG</c></summary>
internal static class DataUntagCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DatasetArguments.Name("The dataset.");
        var tag = new Argument<string>("tag") { Description = "The tag to remove ('latest' cannot be: it always names the newest version)." };
        tag.Validators.Add(DatasetArguments.ValidateTags);
        var command = new Command("untag", "Remove a tag from a dataset; the version it pointed to stays.") { name, tag };
        command.WithExamples(
            "slipway data untag churn golden");
        command.SetClientAction(context, global, async call =>
        {
            var dataset = DatasetArguments.Parse(call.Get(name)).Name;
            var tagName = call.Get(tag);
            await call.Client.DeleteDatasetTagAsync(dataset, tagName, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("dataset.untag", $"{dataset}/{tagName}"), DataJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Removed tag '{tagName}' from dataset '{dataset}'.");
            }

            return 0;
        });
        return command;
    }
}
