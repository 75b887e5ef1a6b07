using System.CommandLine;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data show NAME@VERSION</c></summary>
internal static class DataShowCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var reference = DatasetArguments.Reference("dataset", $"The version: {DatasetArguments.ReferenceHelp}.");
        var command = new Command(
            "show",
            "Show a dataset version: its summary, and per table its schema and column statistics (type, missing, distinct, "
            + "min, max, mean, standard deviation). --output json has the full profile, histograms and top values included.")
        {
            reference,
        };
        command.WithExamples(
            "slipway data show churn@3",
            "slipway data show churn@golden --output json   the full profile");
        command.SetClientAction(context, global, async call =>
        {
            var parsed = DatasetArguments.Parse(call.Get(reference));
            var details = await call.Client.GetDatasetVersionAsync(parsed.Name, DatasetArguments.Selector(parsed), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(details, DataJsonContext.Default.DatasetVersionDetails);
            }
            else
            {
                ProfileView.Write(call.Output, details);
            }

            return 0;
        });
        return command;
    }
}
