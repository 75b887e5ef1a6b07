using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Tracking;
using Spectre.Console;

namespace Slipway.Cli.Commands.Runs;

/// <summary><c>slipway runs get RUN_ID</c></summary>
internal static class RunsGetCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var runId = new Argument<string>("run-id") { Description = "Id of the run (see `slipway runs search`)." };
        var command = new Command("get", "Show a run: its info, params, latest metric values, tags and datasets.") { runId };
        command.SetClientAction(context, global, async call =>
        {
            var run = await call.Client.GetRunAsync(call.Get(runId), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(run, CliJsonContext.Default.Run);
                return 0;
            }

            call.Output.Render(InfoGrid(run.Info));
            WriteSection(call.Output, "Params", run.Params.Count, () =>
            {
                var table = CliWriter.NewTable("Key", "Value");
                foreach (var param in run.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    CliWriter.AddRow(table, param.Key, param.Value);
                }

                return table;
            });
            WriteSection(call.Output, "Metrics (latest values)", run.Metrics.Count, () =>
            {
                var table = CliWriter.NewTable("Key", "Value", "Step", "Timestamp");
                foreach (var metric in run.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    CliWriter.AddRow(
                        table,
                        metric.Key,
                        DisplayFormat.Number(metric.Value),
                        metric.Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        DisplayFormat.Timestamp(metric.Timestamp));
                }

                return table;
            });
            WriteSection(call.Output, "Tags", run.Tags.Count, () =>
            {
                var table = CliWriter.NewTable("Key", "Value");
                foreach (var tag in run.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    CliWriter.AddRow(table, tag.Key, tag.Value);
                }

                return table;
            });
            WriteSection(call.Output, "Datasets", run.Inputs.Count, () =>
            {
                var table = CliWriter.NewTable("Name", "Digest", "Context", "Source type", "Source");
                foreach (var input in run.Inputs)
                {
                    var context = input.Tags.FirstOrDefault(t => t.Key == DatasetInput.ContextTag)?.Value;
                    CliWriter.AddRow(
                        table,
                        input.Dataset.Name,
                        input.Dataset.Digest,
                        DisplayFormat.OrDash(context),
                        input.Dataset.SourceType,
                        DisplayFormat.OrDash(input.Dataset.Source));
                }

                return table;
            });
            return 0;
        });
        return command;
    }

    private static Grid InfoGrid(RunInfo info)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string value) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value));
        Row("Run ID", info.RunId);
        Row("Name", DisplayFormat.OrDash(info.RunName));
        Row("Experiment", info.ExperimentId);
        Row("Status", info.Status.ToName());
        Row("User", DisplayFormat.OrDash(info.UserId));
        Row("Started", DisplayFormat.Timestamp(info.StartTime));
        Row("Ended", DisplayFormat.Timestamp(info.EndTime));
        Row("Duration", DisplayFormat.Duration(info.StartTime, info.EndTime));
        Row("Artifact URI", DisplayFormat.OrDash(info.ArtifactUri));
        Row("Lifecycle", info.LifecycleStage.ToName());
        return grid;
    }

    private static void WriteSection(CliWriter output, string title, int count, Func<Table> build)
    {
        output.Line(string.Empty);
        if (count == 0)
        {
            output.Note($"{title}: none");
            return;
        }

        output.Line($"{title}:");
        output.Render(build());
    }
}
