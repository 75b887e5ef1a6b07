using System.CommandLine;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data ...</c></summary>
internal static class DataCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "data", "Version datasets: push and pull directories, inspect schemas and profiles, compare and validate versions.")
    {
        DataPushCommand.Create(context, global),
        DataPullCommand.Create(context, global),
        DataListCommand.Create(context, global),
        DataVersionsCommand.Create(context, global),
        DataShowCommand.Create(context, global),
        DataFilesCommand.Create(context, global),
        DataDiffCommand.Create(context, global),
        DataValidateCommand.Create(context, global),
        DataTagCommand.Create(context, global),
        DataUntagCommand.Create(context, global),
        DataDeleteCommand.Create(context, global),
        DataLineageCommand.Create(context, global),
        DataGcCommand.Create(context, global),
    }.WithExamples(
        "slipway data push ./churn --name churn -m \"June export\"   uploads only what the server lacks",
        "slipway data pull churn@3 ./churn                         or churn@golden, or churn for the latest",
        "slipway data show churn@3                                 schema and column statistics per table",
        "slipway data diff churn@2 churn@3",
        "slipway data validate churn@3 --suite checks.yaml         exit code 1 when an error expectation fails",
        "slipway data tag churn@3 golden",
        "slipway data gc --grace 1h");
}
