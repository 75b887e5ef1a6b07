using System.Globalization;
using Slipway.Cli.Output;
using Slipway.Client.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>What a pipeline file declares, as <c>pipelines validate</c> and <c>pipelines show</c> print it.</summary>
internal static class SpecSummaryView
{
    public static void Write(CliWriter output, PipelineSpecSummary summary)
    {
        if (!string.IsNullOrWhiteSpace(summary.Description))
        {
            output.Line(summary.Description.Trim());
        }

        output.Line($"Experiment:  {summary.Experiment}");
        output.Line($"Triggers:    {(summary.Triggers.Count == 0 ? "none (runs start by hand)" : string.Join(", ", summary.Triggers))}");
        output.Line($"Concurrency: {summary.Concurrency}{(summary.Cooldown > TimeSpan.Zero ? $", cooldown {Cooldown(summary.Cooldown)}" : string.Empty)}");
        if (summary.Params.Count > 0)
        {
            var parameters = CliWriter.NewTable("Param", "Type", "Default", "Description");
            foreach (var param in summary.Params)
            {
                CliWriter.AddRow(parameters, param.Name, param.Type, param.Default ?? "(required)", DisplayFormat.OrDash(param.Description));
            }

            output.Render(parameters);
        }

        var steps = CliWriter.NewTable("Step", "Runs", "After");
        foreach (var step in summary.Steps)
        {
            CliWriter.AddRow(steps, step.Name, step.Action, step.DependsOn.Count == 0 ? "-" : string.Join(", ", step.DependsOn));
        }

        output.Render(steps);
    }

    private static string Cooldown(TimeSpan cooldown) =>
        cooldown.TotalHours >= 1 ? cooldown.ToString(@"h\h\ m\m", CultureInfo.InvariantCulture)
        : cooldown.TotalMinutes >= 1 ? cooldown.ToString(@"m\m\ s\s", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{cooldown.TotalSeconds:0}s");
}
