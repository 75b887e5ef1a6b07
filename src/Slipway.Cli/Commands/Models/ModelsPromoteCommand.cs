using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Registry;

namespace Slipway.Cli.Commands.Models;

/// <summary><c>slipway models promote NAME VERSION (--stage STAGE [--archive-existing] | --alias ALIAS)</c></summary>
internal static class ModelsPromoteCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "Name of the registered model." };
        var version = new Argument<long>("version") { Description = "Version number to promote (see `slipway models versions NAME`)." };
        version.Validators.Add(result => NumberRange.Check(result, 1, long.MaxValue, "VERSION must be a positive version number"));
        var stage = new Option<string?>("--stage")
        {
            Description = $"Move the version to this stage: {string.Join(", ", ModelStage.All)} (any casing).",
        };
        var archiveExisting = new Option<bool>("--archive-existing")
        {
            Description = "With --stage Staging or Production: move the versions already in that stage to Archived.",
        };
        var alias = new Option<string?>("--alias")
        {
            Description = "Point this alias (such as 'champion') at the version, moving it from any other version.",
        };
        var command = new Command(
            "promote",
            "Promote a model version: move it to a stage (--stage) or point an alias at it (--alias); give exactly one.")
        {
            name, version, stage, archiveExisting, alias,
        };
        command.Validators.Add(result =>
        {
            var stageText = result.GetValue(stage);
            var aliasText = result.GetValue(alias);
            if (stageText is null && aliasText is null)
            {
                result.AddError("Specify --stage STAGE or --alias ALIAS.");
            }
            else if (stageText is not null && aliasText is not null)
            {
                result.AddError("--stage and --alias cannot be used together; promote in two steps.");
            }
            else if (stageText is not null && !ModelStage.TryNormalize(stageText, out _))
            {
                result.AddError($"Invalid stage '{stageText}': use one of {string.Join(", ", ModelStage.All)}.");
            }
            else if (aliasText is not null && result.GetValue(archiveExisting))
            {
                result.AddError("--archive-existing applies only with --stage.");
            }
            else if (aliasText is { Length: 0 })
            {
                result.AddError("--alias must not be empty.");
            }
        });
        command.SetClientAction(context, global, async call =>
        {
            var modelName = call.Get(name);
            var versionNumber = call.Get(version);
            ModelVersion promoted;
            string message;
            if (ModelStage.TryNormalize(call.Get(stage), out var targetStage))
            {
                var archive = call.Get(archiveExisting);
                promoted = await call.Client.TransitionModelVersionStageAsync(modelName, versionNumber, targetStage, archive, call.CancellationToken);
                message = $"Model '{modelName}' version {versionNumber} is now in {promoted.CurrentStage}."
                    + (archive ? $" Other {targetStage} versions were archived." : string.Empty);
            }
            else
            {
                var aliasName = call.Get(alias)!;
                await call.Client.SetRegisteredModelAliasAsync(modelName, aliasName, versionNumber, call.CancellationToken);
                promoted = await call.Client.GetModelVersionAsync(modelName, versionNumber, call.CancellationToken);
                message = $"Alias '{aliasName}' of model '{modelName}' now points to version {versionNumber}.";
            }

            if (call.Output.IsJson)
            {
                call.Output.Json(promoted, CliJsonContext.Default.ModelVersion);
            }
            else
            {
                call.Output.Line(message);
            }

            return 0;
        });
        return command;
    }
}
