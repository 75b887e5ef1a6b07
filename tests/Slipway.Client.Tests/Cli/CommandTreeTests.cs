using System.CommandLine;
using Slipway.Cli;
using Slipway.Client.Tests.Infrastructure;

namespace Slipway.Client.Tests.Cli;

public sealed class CommandTreeTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in AllCommands())
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public void Has_the_documented_commands()
    {
        var paths = AllCommands().Select(c => c.Path).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "server", "experiments list", "experiments create", "experiments delete",
                "runs search", "runs get", "models list", "models versions", "models promote",
                "setup", "whoami",
                "users list", "users create", "users show", "users set-password", "users set-admin", "users delete",
                "tokens list", "tokens create", "tokens revoke",
                "workspaces list", "workspaces create", "workspaces members", "workspaces add-member", "workspaces remove-member",
                "permissions list", "permissions set", "permissions delete",
                "audit list", "audit export",
                "data push", "data pull", "data list", "data versions", "data show", "data files", "data diff", "data validate",
                "data tag", "data untag", "data delete", "data lineage", "data gc",
                "run", "runs logs",
                "pipelines list", "pipelines show", "pipelines apply", "pipelines validate", "pipelines delete", "pipelines start",
                "pipelines runs", "pipelines status", "pipelines cancel", "pipelines retry",
                "pipelines webhook create", "pipelines webhook list", "pipelines webhook delete",
                "serve", "deployments list", "deployments get", "deployments create", "deployments update", "deployments revisions",
                "deployments rollback", "deployments delete", "deployments predict",
            },
            paths);
    }

    [Fact]
    public void Every_command_option_and_argument_has_a_description()
    {
        foreach (var (path, command) in AllCommands())
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"command '{path}' has no description");
            foreach (var option in command.Options)
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"option {option.Name} of '{path}' has no description");
            }

            foreach (var argument in command.Arguments)
            {
                Assert.False(string.IsNullOrWhiteSpace(argument.Description), $"argument {argument.Name} of '{path}' has no description");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_of_every_command_shows_its_description_and_usage(string path)
    {
        var command = AllCommands().Single(c => c.Path == path).Command;

        var result = await CliRunner.RunAsync([.. path.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(command.Description!, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Root_help_lists_the_commands_with_examples()
    {
        var result = await CliRunner.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Examples:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("slipway runs search --experiment", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--tracking-uri", result.Stdout, StringComparison.Ordinal);
        foreach (var name in new[] { "server", "experiments", "runs", "models", "data", "setup", "whoami", "users", "tokens", "workspaces", "permissions", "audit", "--workspace" })
        {
            Assert.Contains(name, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("users", "slipway users create deploy-bot --service-account")]
    [InlineData("tokens", "slipway tokens create ci --scope read --workspace fraud-team --expires-in-days 90")]
    [InlineData("workspaces", "slipway workspaces add-member fraud-team bob --role editor")]
    [InlineData("permissions", "slipway permissions set --user eve --model fraud-detector --level NO_PERMISSIONS")]
    [InlineData("audit", "slipway audit export --since 2025-06-01T00:00:00Z --file audit.jsonl")]
    [InlineData("setup", "slipway setup --token setup_xxxxxxxx --user ada")]
    [InlineData("data", "slipway data diff churn@2 churn@3")]
    [InlineData("pipelines", "slipway pipelines runs --pipeline churn --status failed")]
    [InlineData("deployments", "slipway deployments rollback churn")]
    public async Task Group_help_ends_with_examples_that_the_root_help_leaves_out(string group, string example)
    {
        var groupHelp = await CliRunner.RunAsync([group, "--help"]);
        var rootHelp = await CliRunner.RunAsync(["--help"]);

        Assert.Equal(0, groupHelp.ExitCode);
        Assert.Contains("Examples:", groupHelp.Stdout, StringComparison.Ordinal);
        Assert.Contains(example, groupHelp.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(example, rootHelp.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_data_pipeline_deployment_and_server_command_shows_examples_in_its_help()
    {
        foreach (var (path, _) in AllCommands().Where(c => c.Path.StartsWith("data ", StringComparison.Ordinal)
            || c.Path.StartsWith("pipelines ", StringComparison.Ordinal) || c.Path.StartsWith("deployments ", StringComparison.Ordinal)
            || c.Path is "run" or "runs logs" or "serve" or "server"))
        {
            var help = await CliRunner.RunAsync([.. path.Split(' '), "--help"]);

            Assert.Contains("Examples:", help.Stdout, StringComparison.Ordinal);
            Assert.Contains($"slipway {path} ", help.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_command_takes_a_password_as_an_argument()
    {
        foreach (var (path, command) in AllCommands())
        {
            var names = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Concat(command.Arguments.Select(a => a.Name));
            Assert.All(names, name => Assert.True(
                !name.Contains("password", StringComparison.OrdinalIgnoreCase) || name == "--password-stdin",
                $"'{path}' has '{name}': passwords must come from stdin or a prompt, never the command line"));
        }
    }

    [Fact]
    public void The_workspace_option_defaults_from_SLIPWAY_WORKSPACE()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null)
        {
            GetEnvironmentVariable = name => name == "SLIPWAY_WORKSPACE" ? "team-a" : null,
        };

        var parse = CliApplication.BuildRootCommand(context).Parse(["tokens", "list"]);

        Assert.Equal("team-a", parse.GetValue<string?>("--workspace"));
    }

    [Fact]
    public async Task No_arguments_show_the_help()
    {
        var result = await CliRunner.RunAsync([]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Global_options_default_from_the_environment()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null)
        {
            GetEnvironmentVariable = name => name == "MLFLOW_TRACKING_URI" ? "http://mlflow.internal:5000" : null,
        };

        var parse = CliApplication.BuildRootCommand(context).Parse(["experiments", "list"]);

        Assert.Equal("http://mlflow.internal:5000", parse.GetValue<string>("--tracking-uri"));
        Assert.Equal("table", parse.GetValue<string>("--output"));
    }

    private static List<(string Path, Command Command)> AllCommands()
    {
        var root = CliApplication.BuildRootCommand(new CliContext(TextWriter.Null, TextWriter.Null));
        var commands = new List<(string, Command)>();
        void Walk(Command command, string prefix)
        {
            foreach (var child in command.Subcommands)
            {
                var path = prefix.Length == 0 ? child.Name : $"{prefix} {child.Name}";
                commands.Add((path, child));
                Walk(child, path);
            }
        }

        Walk(root, string.Empty);
        return commands;
    }
}
