using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Slipway.Cli.Commands;

/// <summary>
/// Examples printed at the end of a command's own <c>--help</c>. They stay out of the command's description,
/// which the parent's help lists too: there, a block of examples per command would bury the one-line summaries.
/// </summary>
internal static class CommandExamples
{
    private static readonly ConditionalWeakTable<Command, string> Examples = [];

    /// <summary>Adds example command lines (with a short comment after two spaces where one helps).</summary>
    public static TCommand WithExamples<TCommand>(this TCommand command, params string[] lines)
        where TCommand : Command
    {
        Examples.AddOrUpdate(command, string.Join(Environment.NewLine, ["Examples:", .. lines.Select(line => "  " + line)]));
        return command;
    }

    /// <summary>Makes the root's help option print the examples after the usual help.</summary>
    public static void ShowInHelp(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!);
    }

    private sealed class ExamplesHelpAction(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            if (Examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(examples);
                output.WriteLine();
            }

            return exitCode;
        }
    }
}
