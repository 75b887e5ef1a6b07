using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client;
using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands;

/// <summary>
/// Runs a command that talks to the tracking server, turning failures into one line on stderr and exit code 1:
/// <c>error: RESOURCE_DOES_NOT_EXIST: message</c> for server errors, and a hint when the server cannot be reached.
/// </summary>
internal static class ClientCommandAction
{
    public const string UnreachableHint =
        "Is `slipway server` running? Use --tracking-uri or SLIPWAY_TRACKING_URI to point at another server.";

    public static void SetClientAction(this Command command, CliContext context, GlobalOptions global, Func<ClientInvocation, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var uriText = parseResult.GetValue(global.TrackingUri);
            if (!TrackingEnvironment.TryParseTrackingUri(uriText, out var trackingUri, out var uriError))
            {
                return Fail(context, uriError);
            }

            var workspace = parseResult.GetValue(global.Workspace);
            if (workspace is not null && !WorkspaceNames.IsValid(workspace))
            {
                return Fail(
                    context,
                    $"Invalid workspace '{workspace}' (from --workspace or ${TrackingEnvironment.SlipwayWorkspace}): a workspace name has 1 to {WorkspaceNames.MaxLength} lower-case letters, digits, '-' and '_', and starts with a letter or digit.");
            }

            using var client = context.NewClient(trackingUri, workspace);
            var output = new CliWriter(context, global.GetOutputFormat(parseResult));
            try
            {
                return await action(new ClientInvocation(client, output, parseResult, cancellationToken));
            }
            catch (SlipwayApiException ex)
            {
                return Fail(context, $"{ex.ErrorCodeName}: {ex.ServerMessage}");
            }
            catch (SlipwayConnectionException ex)
            {
                return Fail(context, $"{ex.Message}. {UnreachableHint}");
            }
            catch (SlipwayException ex)
            {
                return Fail(context, ex.Message);
            }
            catch (CommandException ex)
            {
                return Fail(context, ex.Message);
            }
            catch (ArgumentException ex)
            {
                // The client refuses a value before sending it (a user named "..", say).
                return Fail(context, ex.Message);
            }
        });
    }

    public static int Fail(CliContext context, string message)
    {
        context.Error.WriteLine($"error: {OneLine(message)}");
        context.Error.Flush();
        return 1;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
