using System.CommandLine;
using Slipway.Client.Datasets;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data push PATH --name NAME [--message M] [--tag T]... [--parallel N]</c></summary>
internal static class DataPushCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var path = new Argument<string>("path") { Description = "A directory (every file below it, hidden ones too) or a single file." };
        var name = new Option<string>("--name")
        {
            Description = "The dataset to push a version of; created by its first push.",
            HelpName = "name",
            Required = true,
        };
        name.Validators.Add(result =>
        {
            try
            {
                DatasetReference.ValidateName(result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty);
            }
            catch (SlipwayException ex)
            {
                result.AddError(ex.Message);
            }
        });
        var message = new Option<string?>("--message", "-m") { Description = "Why this version exists.", HelpName = "text" };
        var tags = new Option<string[]>("--tag")
        {
            Description = "Also point this tag (such as 'golden') at the new version; repeat for several.",
            HelpName = "tag",
            AllowMultipleArgumentsPerToken = false,
        };
        tags.Validators.Add(DatasetArguments.ValidateTags);
        var parallel = ParallelOption.Create("Upload requests");
        var command = new Command(
            "push",
            "Push a directory or file as a new dataset version, uploading only contents the server does not hold yet. "
            + "Interrupted? Run it again: nothing was committed, and only what is still missing is sent.")
        {
            path, name, message, tags, parallel,
        };
        command.WithExamples(
            "slipway data push ./churn --name churn -m \"June export\"",
            "slipway data push train.parquet --name churn-train --tag golden",
            "slipway data push ./images --name pets --parallel 16     more requests at once on a fast link");
        command.SetClientAction(context, global, async call =>
        {
            var options = new DatasetPushOptions
            {
                Message = call.Get(message),
                Tags = call.Get(tags) ?? [],
                Parallelism = call.Get(parallel),
            };
            using var interrupt = new ConsoleInterrupt(call.CancellationToken);
            DatasetPushResult result;
            try
            {
                result = await LocalFailure.AsCommandErrorAsync(() => TransferDisplay.RunAsync(
                    context.Console, call.Output, progress => call.Client.PushAsync(call.Get(path), call.Get(name)!, options, progress, interrupt.Token)));
            }
            catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
            {
                ClientCommandAction.Fail(context, "Interrupted: no version was committed. Run the same command again to upload only what is still missing.");
                return ConsoleInterrupt.ExitCode;
            }

            if (call.Output.IsJson)
            {
                call.Output.Json(result, DataJsonContext.Default.DatasetPushResult);
            }
            else
            {
                call.Output.Line(Summary(result));
            }

            return 0;
        });
        return command;
    }

    /// <summary>"Pushed data:churn@3: 100,000 files, 1,204 uploaded (5.2 MB), 98,796 already stored, in 12.3 s"</summary>
    public static string Summary(DatasetPushResult result)
    {
        var version = DatasetArguments.Display(result.Version);
        return result.Created
            ? $"Pushed {version}: {DataFormat.Plural(result.FileCount, "file")}, {DataFormat.Count(result.BlobsUploaded)} uploaded "
                + $"({DataFormat.Bytes(result.BytesUploaded)}), {DataFormat.Count(result.FilesAlreadyStored)} already stored, in {DataFormat.Seconds(result.Elapsed)}"
            : $"Unchanged: {version} already holds these {DataFormat.Plural(result.FileCount, "file")}, so no version was made "
                + $"({DataFormat.Count(result.BlobsUploaded)} uploaded, in {DataFormat.Seconds(result.Elapsed)})";
    }
}
