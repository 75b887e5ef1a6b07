using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Commands.Runs;

/// <summary><c>slipway runs search --experiment X [--filter F] [--order-by O]... [--max-results N] [--view V]</c></summary>
internal static class RunsSearchCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var experiments = new Option<string[]>("--experiment", "-e")
        {
            Description = "Experiment name or id to search in; repeat to search several.",
            HelpName = "name-or-id",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var filter = new Option<string?>("--filter")
        {
            Description = "MLflow filter, such as \"metrics.rmse < 0.8 and params.model = 'tree'\" or \"attributes.status = 'FINISHED'\".",
        };
        var orderBy = new Option<string[]>("--order-by")
        {
            Description = "Sort clause, such as \"metrics.rmse ASC\" or \"attributes.start_time DESC\"; repeat for ties. Default: newest first.",
            HelpName = "clause",
            AllowMultipleArgumentsPerToken = false,
        };
        var maxResults = MaxResultsOption.Create("runs", defaultValue: 100);
        var view = ViewOption.Create("runs");
        var command = new Command("search", "Search runs and show them with their metrics and params.")
        {
            experiments, filter, orderBy, maxResults, view,
        };
        command.SetClientAction(context, global, async call =>
        {
            var experimentIds = new List<string>();
            foreach (var nameOrId in call.Get(experiments) ?? [])
            {
                experimentIds.Add(await ExperimentResolver.ResolveIdAsync(call.Client, nameOrId, call.CancellationToken));
            }

            var filterText = call.Get(filter);
            var order = call.Get(orderBy) ?? [];
            var (runs, more) = await PageCollector.CollectAsync(
                (pageSize, token) => call.Client.SearchRunsAsync(
                    experimentIds, filterText, order, ViewOption.ToViewType(call.Get(view)), pageSize, token, call.CancellationToken),
                call.Get(maxResults));

            if (call.Output.IsJson)
            {
                call.Output.Json<IReadOnlyList<Run>>(runs, CliJsonContext.Default.IReadOnlyListRun);
                return 0;
            }

            if (runs.Count == 0)
            {
                call.Output.Note("No runs found.");
                return 0;
            }

            var columns = RunColumns.Select(runs, filterText, order, call.Output.Width - FixedColumnsWidth(runs));
            call.Output.Render(BuildTable(runs, columns));
            WriteNotes(call.Output, runs.Count, columns, more);
            return 0;
        });
        return command;
    }

    /// <summary>The width of the run id (never wrapped), name, status and start time columns, with the table's outer border.</summary>
    private static int FixedColumnsWidth(IReadOnlyList<Run> runs) =>
        1
        + RunColumns.ColumnWidth("Run ID", runs.Select(r => r.Info.RunId), maxWidth: int.MaxValue)
        + RunColumns.ColumnWidth("Name", runs.Select(r => r.Info.RunName))
        + RunColumns.ColumnWidth("Status", runs.Select(r => r.Info.Status.ToName()))
        + RunColumns.ColumnWidth("Started", runs.Select(r => DisplayFormat.Timestamp(r.Info.StartTime)));

    private static Spectre.Console.Table BuildTable(IReadOnlyList<Run> runs, RunColumns columns)
    {
        var table = CliWriter.NewTable(
        [
            "Run ID", "Name", "Status", "Started",
            .. columns.MetricKeys.Select(key => "metrics." + key),
            .. columns.ParamKeys.Select(key => "params." + key),
        ]);
        table.Columns[0].NoWrap = true;
        foreach (var run in runs)
        {
            var metrics = run.Metrics.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            var parameters = run.Params.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            CliWriter.AddRow(
                table,
            [
                run.Info.RunId,
                DisplayFormat.OrDash(run.Info.RunName),
                run.Info.Status.ToName(),
                DisplayFormat.Timestamp(run.Info.StartTime),
                .. columns.MetricKeys.Select(key => metrics.TryGetValue(key, out var value) ? DisplayFormat.Number(value) : "-"),
                .. columns.ParamKeys.Select(key => parameters.TryGetValue(key, out var value) ? value : "-"),
            ]);
        }

        return table;
    }

    private static void WriteNotes(CliWriter output, int runCount, RunColumns columns, bool more)
    {
        if (columns.HiddenMetricKeys + columns.HiddenParamKeys > 0)
        {
            output.Note($"{columns.HiddenMetricKeys} more metric(s) and {columns.HiddenParamKeys} more param(s) not shown; use `slipway runs get RUN_ID` or --output json.");
        }

        if (more)
        {
            output.Note($"Showing the first {runCount} runs; raise --max-results to see more.");
        }
    }
}
