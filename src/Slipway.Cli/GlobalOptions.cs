using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client;

namespace Slipway.Cli;

/// <summary>Options every client command accepts (declared once on the root command, recursively).</summary>
public sealed class GlobalOptions
{
    public GlobalOptions(Func<string, string?> getEnvironmentVariable)
    {
        TrackingUri = new Option<string>("--tracking-uri")
        {
            Description = $"Tracking server URL; defaults to ${TrackingEnvironment.SlipwayTrackingUri} or ${TrackingEnvironment.MlflowTrackingUri} when set.",
            HelpName = "uri",
            Recursive = true,
            DefaultValueFactory = _ => TrackingEnvironment.ResolveTrackingUri(getEnvironmentVariable),
        };

        Output = new Option<string>("--output", "-o")
        {
            Description = "Output format: 'table' for people, 'json' for scripts.",
            Recursive = true,
            DefaultValueFactory = _ => "table",
        };
        Output.AcceptOnlyFromAmong("table", "json");

        Workspace = new Option<string?>("--workspace")
        {
            Description = $"Workspace to act in; defaults to ${TrackingEnvironment.SlipwayWorkspace}, else the server's choice ('default', or an API token's own).",
            HelpName = "name",
            Recursive = true,
            DefaultValueFactory = _ => TrackingEnvironment.ResolveWorkspace(getEnvironmentVariable),
        };
    }

    public Option<string> TrackingUri { get; }

    public Option<string> Output { get; }

    public Option<string?> Workspace { get; }

    public OutputFormat GetOutputFormat(ParseResult parseResult) =>
        parseResult.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Table;
}
