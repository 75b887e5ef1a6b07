using System.Net;
using Slipway.Client;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// The server's 400 answers about a pipeline file or a launch (one problem a line: <c>file:line:col: field: message</c>),
/// printed one problem a line on stderr rather than folded into one.
/// </summary>
internal static class SpecProblems
{
    /// <summary>The exit code of <c>slipway run</c> and <c>pipelines apply</c> when the file or the launch's params are refused: fix the file, nothing ran.</summary>
    public const int ExitCode = 2;

    public static bool Matches(SlipwayApiException ex) => ex.StatusCode == HttpStatusCode.BadRequest;

    /// <summary>Writes <c>error: HEADLINE:</c> and each problem indented under it.</summary>
    public static void Write(CliContext context, string headline, SlipwayApiException ex)
    {
        var problems = ex.ServerMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        context.Error.WriteLine($"error: {headline}:");
        foreach (var problem in problems)
        {
            context.Error.WriteLine($"  {problem}");
        }

        context.Error.Flush();
    }

    public static string Count(SlipwayApiException ex)
    {
        var count = ex.ServerMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        return count == 1 ? "a problem" : $"{count} problems";
    }
}
