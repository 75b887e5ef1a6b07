using System.CommandLine;
using System.Globalization;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data tag NAME@VERSION TAG</c></summary>
internal static class DataTagCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var reference = DatasetArguments.Reference("dataset", $"The version to tag: {DatasetArguments.ReferenceHelp}.");
        var tag = new Argument<string>("tag") { Description = "The tag, such as 'golden'; it moves here from any other version." };
        tag.Validators.Add(DatasetArguments.ValidateTags);
        var command = new Command("tag", "Point a tag at a dataset version (moving it from any other), to pull or compare it by name.") { reference, tag };
        command.WithExamples(
            "slipway data tag churn@3 golden",
            "slipway data tag churn@latest reviewed");
        command.SetClientAction(context, global, async call =>
        {
            var parsed = DatasetArguments.Parse(call.Get(reference));

            // The API tags a version by number; a tag reference (churn@golden) is resolved first.
            var number = parsed.Version
                ?? (await call.Client.GetDatasetVersionAsync(parsed.Name, DatasetArguments.Selector(parsed), call.CancellationToken)).Version.Version;
            var tagName = call.Get(tag);
            var version = await call.Client.SetDatasetTagAsync(parsed.Name, tagName, number, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(version, DataJsonContext.Default.DatasetVersion);
            }
            else
            {
                call.Output.Line($"Tag '{tagName}' of dataset '{parsed.Name}' now points to version {number.ToString(CultureInfo.InvariantCulture)}.");
            }

            return 0;
        });
        return command;
    }
}
