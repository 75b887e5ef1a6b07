using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Slipway.Cli.Commands;
using Slipway.Cli.Commands.Audit;
using Slipway.Cli.Commands.Data;
using Slipway.Cli.Commands.Deployments;
using Slipway.Cli.Commands.Experiments;
using Slipway.Cli.Commands.Models;
using Slipway.Cli.Commands.Permissions;
using Slipway.Cli.Commands.Pipelines;
using Slipway.Cli.Commands.Predict;
using Slipway.Cli.Commands.Runs;
using Slipway.Cli.Commands.Server;
using Slipway.Cli.Commands.Tokens;
using Slipway.Cli.Commands.Users;
using Slipway.Cli.Commands.Workspaces;
using Slipway.Client;

namespace Slipway.Cli;

/// <summary>The <c>slipway</c> command tree, built against a <see cref="CliContext"/> so tests can run it in-process.</summary>
public static class CliApplication
{
    public static readonly string Description =
        $"""
        Slipway: versioned datasets, pipelines, experiment tracking and a model registry for .NET, speaking the MLflow REST API, with users, workspaces and an audit log.

        Examples:
          slipway run slipway.yaml -p lr=0.01
          slipway pipelines runs --pipeline churn
          slipway runs logs 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60 --follow
          slipway server --port 5000 --data-dir ~/.slipway
          slipway experiments list --view all
          slipway experiments create fraud-detection
          slipway runs search --experiment fraud-detection --filter "metrics.auc > 0.9" --order-by "metrics.auc DESC"
          slipway runs get 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60 --output json
          slipway models versions fraud-detector
          slipway models promote fraud-detector 3 --stage Production --archive-existing
          slipway models promote fraud-detector 3 --alias champion
          slipway deployments create fraud --model models:/fraud-detector@champion
          slipway deployments predict fraud --rows '[[0.1, 2.5, 3]]'
          slipway serve --deployment fraud --port 8080
          slipway data push ./churn --name churn -m "June export"
          slipway data pull churn@3 ./churn
          slipway predict --model models:/churn@champion --input data:customers@3 --output data:churn-scores
          slipway run slipway.yaml -p lr=0.01
          slipway pipelines apply slipway.yaml
          slipway runs logs 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60 --follow
          slipway whoami
          slipway users create ada --admin
          slipway workspaces create fraud-team --owner ada
          slipway tokens create ci --scope write --workspace fraud-team --expires-in-days 90
          slipway permissions set --user bob --experiment fraud-detection --level READ --workspace fraud-team
          slipway audit list --since 2025-06-01 --actor bob

        Client commands talk to --tracking-uri, else ${TrackingEnvironment.SlipwayTrackingUri}, else ${TrackingEnvironment.MlflowTrackingUri}, else {TrackingEnvironment.DefaultTrackingUri},
        signing in with ${TrackingEnvironment.MlflowTrackingToken} or ${TrackingEnvironment.MlflowTrackingUserName} and ${TrackingEnvironment.MlflowTrackingPassword},
        in --workspace, else ${TrackingEnvironment.SlipwayWorkspace}.
        """;

    public static RootCommand BuildRootCommand(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var global = new GlobalOptions(context.GetEnvironmentVariable);
        var root = new RootCommand(Description)
        {
            global.TrackingUri,
            global.Output,
            global.Workspace,
            ServerCommand.Create(context),
            ServeCommand.Create(context, global),
            ExperimentsCommand.Create(context, global),
            RunsCommand.Create(context, global),
            ModelsCommand.Create(context, global),
            DeploymentsCommand.Create(context, global),
            DataCommand.Create(context, global),
            RunCommand.Create(context, global),
            PredictCommand.Create(context, global),
            PipelinesCommand.Create(context, global),
            SetupCommand.Create(context, global),
            WhoAmICommand.Create(context, global),
            UsersCommand.Create(context, global),
            TokensCommand.Create(context, global),
            WorkspacesCommand.Create(context, global),
            PermissionsCommand.Create(context, global),
            AuditCommand.Create(context, global),
        };
        CommandExamples.ShowInHelp(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/> (none shows help); returns the process exit code (0 success, 1 error).</summary>
    public static Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,

            // Only `slipway server` handles Ctrl+C (to shut down cleanly); elsewhere the default (exit at once) is right.
            ProcessTerminationTimeout = null,
        };
        var parseResult = BuildRootCommand(context).Parse(args.Length == 0 ? ["--help"] : args);
        if (parseResult.Action is ParseErrorAction)
        {
            return Task.FromResult(ReportParseErrors(parseResult, context));
        }

        return parseResult.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Each parse error as <c>error: ...</c> on stderr and a pointer to --help, instead of the whole help text.</summary>
    private static int ReportParseErrors(ParseResult parseResult, CliContext context)
    {
        foreach (var error in parseResult.Errors)
        {
            context.Error.WriteLine($"error: {string.Join(' ', error.Message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))}");
        }

        var commandPath = string.Join(' ', CommandPath(parseResult.CommandResult));
        context.Error.WriteLine($"Run '{commandPath} --help' for usage.");
        context.Error.Flush();
        return 1;
    }

    private static Stack<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Push(command.Command is RootCommand ? "slipway" : command.Command.Name);
            }
        }

        return names;
    }
}
