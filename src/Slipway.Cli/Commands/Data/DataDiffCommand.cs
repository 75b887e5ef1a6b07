using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client.Datasets;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data diff NAME@FROM NAME@TO</c></summary>
internal static class DataDiffCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var from = DatasetArguments.Reference("from", $"The older version: {DatasetArguments.ReferenceHelp}.");
        var to = DatasetArguments.Reference("to", "The newer version (of the same or another dataset).");
        from.HelpName = "name@from";
        to.HelpName = "name@to";
        var command = new Command(
            "diff",
            "Compare two dataset versions: files added, removed and changed, and for tables in both, schema and row-count changes.")
        {
            from, to,
        };
        command.WithExamples(
            "slipway data diff churn@2 churn@3",
            "slipway data diff churn@golden churn     the latest against the golden version");
        command.SetClientAction(context, global, async call =>
        {
            var diff = await call.Client.DiffDatasetVersionsAsync(
                DatasetArguments.Parse(call.Get(from)).ToString(), DatasetArguments.Parse(call.Get(to)).ToString(), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(diff, DataJsonContext.Default.DatasetDiff);
            }
            else
            {
                Write(call.Output, diff);
            }

            return 0;
        });
        return command;
    }

    private static void Write(CliWriter output, DatasetDiff diff)
    {
        output.Line($"{diff.From} -> {diff.To}: {DataFormat.Count(diff.Added.Count)} added, {DataFormat.Count(diff.Removed.Count)} removed, "
            + $"{DataFormat.Count(diff.Changed.Count)} changed, {DataFormat.Count(diff.UnchangedCount)} unchanged.");
        if (diff.Added.Count + diff.Removed.Count + diff.Changed.Count > 0)
        {
            var files = CliWriter.NewTable("Change", "Path", "Size");
            foreach (var added in diff.Added)
            {
                CliWriter.AddRow(files, "added", added.Path, DataFormat.Bytes(added.Size));
            }

            foreach (var removed in diff.Removed)
            {
                CliWriter.AddRow(files, "removed", removed.Path, DataFormat.Bytes(removed.Size));
            }

            foreach (var changed in diff.Changed)
            {
                CliWriter.AddRow(files, "changed", changed.Path, $"{DataFormat.Bytes(changed.From.Size)} -> {DataFormat.Bytes(changed.To.Size)}");
            }

            output.Render(files);
        }

        if (diff.Tables.Count == 0)
        {
            return;
        }

        output.Line(string.Empty);
        output.Line("Tables:");
        var tables = CliWriter.NewTable("Table", "Rows", "Added columns", "Removed columns", "Type changes");
        foreach (var table in diff.Tables)
        {
            CliWriter.AddRow(
                tables,
                table.Path,
                Rows(table.FromRowCount, table.ToRowCount),
                Columns(table.AddedColumns),
                Columns(table.RemovedColumns),
                table.ChangedColumns.Count == 0 ? "-" : string.Join(", ", table.ChangedColumns.Select(c => $"{c.Name}: {c.FromType} -> {c.ToType}")));
        }

        output.Render(tables);
    }

    /// <summary><c>10,000 -> 10,250 (+250)</c>; one number when unchanged; <c>-</c> for a side without the table.</summary>
    private static string Rows(long? from, long? to)
    {
        if (from == to)
        {
            return from is { } same ? DataFormat.Count(same) : "-";
        }

        var change = from is { } before && to is { } after ? $" ({(after >= before ? "+" : "-")}{DataFormat.Count(Math.Abs(after - before))})" : string.Empty;
        return $"{(from is { } f ? DataFormat.Count(f) : "-")} -> {(to is { } t ? DataFormat.Count(t) : "-")}{change}";
    }

    private static string Columns(IReadOnlyList<DiffColumn> columns) =>
        columns.Count == 0 ? "-" : string.Join(", ", columns.Select(c => $"{c.Name} ({c.Type})"));
}
