using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data delete NAME@VERSION</c></summary>
internal static class DataDeleteCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var reference = DatasetArguments.NumberedReference("dataset", "The version to delete, by number: NAME@VERSION.");
        var command = new Command(
            "delete",
            "Delete a dataset version and its tags ('latest' moves to the newest version left). Its files stay stored until "
            + "`slipway data gc` finds no version naming them.")
        {
            reference,
        };
        command.WithExamples(
            "slipway data delete churn@2",
            "slipway data gc                   then reclaim the space its files took");
        command.SetClientAction(context, global, async call =>
        {
            var parsed = DatasetArguments.Parse(call.Get(reference));
            await call.Client.DeleteDatasetVersionAsync(parsed.Name, parsed.Version!.Value, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("dataset.delete-version", parsed.ToString()), DataJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Deleted {parsed}.");
            }

            return 0;
        });
        return command;
    }
}
