using System.CommandLine;
using Slipway.Client.Datasets;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data pull NAME@VERSION DIRECTORY [--parallel N]</c></summary>
internal static class DataPullCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var reference = DatasetArguments.Reference(
            "dataset", $"The version to pull: {DatasetArguments.ReferenceHelp}. Add /PATH to pull only the files under PATH.", allowPath: true);
        var directory = new Argument<string>("directory") { Description = "Where to write the files (created if needed)." };
        var parallel = ParallelOption.Create("Download requests");
        var command = new Command(
            "pull",
            "Pull a dataset version into a directory. Files already there with the right content are kept; the rest are "
            + "downloaded, checked against their hash and moved into place. Other files in the directory are left alone.")
        {
            reference, directory, parallel,
        };
        command.WithExamples(
            "slipway data pull churn@3 ./churn",
            "slipway data pull churn ./churn                  the latest version",
            "slipway data pull data:pets@golden/train ./train   only the files under train/");
        command.SetClientAction(context, global, async call =>
        {
            var options = new DatasetPullOptions { Parallelism = call.Get(parallel) };
            using var interrupt = new ConsoleInterrupt(call.CancellationToken);
            DatasetPullResult result;
            try
            {
                result = await LocalFailure.AsCommandErrorAsync(() => TransferDisplay.RunAsync(
                    context.Console, call.Output, progress => call.Client.PullAsync(call.Get(reference), call.Get(directory), options, progress, interrupt.Token)));
            }
            catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
            {
                ClientCommandAction.Fail(context, "Interrupted: the files written so far are complete and verified. Run the same command again to fetch the rest.");
                return ConsoleInterrupt.ExitCode;
            }

            if (call.Output.IsJson)
            {
                call.Output.Json(result, DataJsonContext.Default.DatasetPullResult);
            }
            else
            {
                call.Output.Line(Summary(result));
            }

            return 0;
        });
        return command;
    }

    /// <summary>"Pulled data:churn@3 into /data/churn: 100,000 files, 1,204 downloaded (5.2 MB), 98,796 already present, in 12.3 s"</summary>
    public static string Summary(DatasetPullResult result) =>
        $"Pulled {DatasetArguments.Display(result.Version)} into {result.TargetDirectory}: {DataFormat.Plural(result.FileCount, "file")}, "
        + $"{DataFormat.Count(result.FilesDownloaded)} downloaded ({DataFormat.Bytes(result.BytesDownloaded)}), "
        + $"{DataFormat.Count(result.FilesSkipped)} already present, in {DataFormat.Seconds(result.Elapsed)}";
}
