using System.CommandLine;
using Slipway.Cli.Commands.Runs;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Permissions;

/// <summary>
/// The resource a permission is on: <c>--experiment NAME_OR_ID</c> or <c>--model NAME</c>, exactly one, checked
/// when the command line is parsed.
/// </summary>
internal sealed class PermissionTarget
{
    public PermissionTarget(Command command)
    {
        Experiment = new Option<string?>("--experiment")
        {
            Description = "The experiment, by name or id.",
            HelpName = "name-or-id",
        };
        Model = new Option<string?>("--model")
        {
            Description = "The registered model, by name.",
            HelpName = "name",
        };
        command.Options.Add(Experiment);
        command.Options.Add(Model);
        command.Validators.Add(result =>
        {
            var experiment = result.GetValue(Experiment);
            var model = result.GetValue(Model);
            if (experiment is null == model is null)
            {
                result.AddError("Give exactly one of --experiment or --model.");
            }
            else if ((experiment ?? model) is { Length: 0 })
            {
                result.AddError($"{(experiment is null ? "--model" : "--experiment")} must not be empty.");
            }
        });
    }

    public Option<string?> Experiment { get; }

    public Option<string?> Model { get; }

    /// <summary>The kind and id the API takes: an experiment's name is looked up in the request's workspace.</summary>
    public async Task<(GrantedResource Kind, string Id)> ResolveAsync(ClientInvocation call)
    {
        if (call.Get(Model) is { } model)
        {
            return (GrantedResource.RegisteredModel, model);
        }

        return (GrantedResource.Experiment, await ExperimentResolver.ResolveIdAsync(call.Client, call.Get(Experiment)!, call.CancellationToken));
    }
}
