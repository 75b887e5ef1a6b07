using System.CommandLine;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>The arguments the pipeline commands share.</summary>
internal static class PipelineArguments
{
    public static Argument<string> Name(string description = "The registered pipeline (see `slipway pipelines list`).") =>
        new("pipeline") { Description = description, HelpName = "name" };

    public static Argument<string> RunId(string description = "The pipeline run's id (see `slipway pipelines runs`); also its tracking run's id.") =>
        new("run-id") { Description = description, HelpName = "run-id" };

    public static Argument<string> File(string description) =>
        new("file") { Description = description, HelpName = "file" };

    public static Option<string?> CodeDirectory() =>
        new("--code-dir")
        {
            Description = "The directory to ship as the steps' code (default: the pipeline file's directory); paths in the file are relative to it. "
                + "Use a repository root when steps build projects that reference code outside the pipeline's directory.",
            HelpName = "dir",
        };
}
