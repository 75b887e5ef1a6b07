using Slipway.Client;
using Slipway.Core.Errors;

namespace Slipway.Cli.Commands.Runs;

/// <summary>Turns what the user typed after <c>--experiment</c> (a name or an id) into an experiment id.</summary>
internal static class ExperimentResolver
{
    public static async Task<string> ResolveIdAsync(SlipwayClient client, string nameOrId, CancellationToken cancellationToken)
    {
        if (nameOrId.Length > 0 && nameOrId.All(char.IsAsciiDigit))
        {
            try
            {
                return (await client.GetExperimentAsync(nameOrId, cancellationToken)).ExperimentId;
            }
            catch (SlipwayApiException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
            {
                // Not an id after all: a name made of digits.
            }
        }

        var experiment = await client.GetExperimentByNameAsync(nameOrId, cancellationToken);
        return experiment?.ExperimentId
            ?? throw new CommandException($"No experiment is named (or has the id) '{nameOrId}'; see `slipway experiments list`.");
    }
}
