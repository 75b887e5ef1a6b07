using System.Globalization;
using Slipway.Cli.Output;
using Slipway.Client.Datasets;
using Slipway.Core.Data.Profiles;
using Spectre.Console;

namespace Slipway.Cli.Commands.Data;

/// <summary>
/// A version and its profile as <c>slipway data show</c> prints them: a summary, then per table its schema and column
/// statistics, then the images by folder. Histograms, quantiles and top values are left to <c>--output json</c>.
/// </summary>
internal static class ProfileView
{
    /// <summary>Folders beyond this are counted, not listed: an image dataset can have a folder per class, thousands of them.</summary>
    private const int MaxFolders = 20;

    public static void Write(CliWriter output, DatasetVersionDetails details)
    {
        output.Render(Summary(details));
        var profile = details.Profile;
        if (profile is null || (profile.Tables.Count == 0 && profile.Images is null))
        {
            output.Line(string.Empty);
            output.Note("No profile: this version has no tables (CSV, Parquet) or images the server could read.");
            return;
        }

        foreach (var table in profile.Tables)
        {
            output.Line(string.Empty);
            output.Line($"Table {table.Path} ({table.Format}, {DataFormat.Plural(table.RowCount, "row")}, {DataFormat.Plural(table.Columns.Count, "column")}):");
            output.Render(Columns(table));
        }

        if (profile.Images is { } images)
        {
            output.Line(string.Empty);
            output.Line($"Images: {DataFormat.Count(images.Count)} ({DataFormat.Bytes(images.TotalBytes)}){Dimensions(images)}"
                + (images.Unreadable > 0 ? $"; {DataFormat.Count(images.Unreadable)} could not be read" : string.Empty));
            output.Render(Folders(images));
            if (images.Folders.Count > MaxFolders)
            {
                output.Note($"... and {DataFormat.Plural(images.Folders.Count - MaxFolders, "more folder")} (see --output json).");
            }
        }
    }

    private static Grid Summary(DatasetVersionDetails details)
    {
        var version = details.Version;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string value) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value));
        Row("Version", DatasetArguments.Display(version));
        Row("Tags", version.Tags.Count == 0 ? "-" : string.Join(' ', version.Tags));
        Row("Created", DisplayFormat.Timestamp(version.CreationTime));
        Row("Creator", DisplayFormat.OrDash(version.Creator));
        Row("Message", DisplayFormat.OrDash(version.Message));
        Row("Parent", version.ParentVersion is { } parent ? DataFormat.Count(parent) : "-");
        Row("Files", DataFormat.Count(version.FileCount));
        Row("Size", DataFormat.Bytes(version.TotalBytes));
        return grid;
    }

    private static Table Columns(TableProfile table)
    {
        var view = CliWriter.NewTable("Column", "Type", "Missing", "Distinct", "Min", "Max", "Mean", "Std");
        foreach (var column in table.Columns)
        {
            CliWriter.AddRow(
                view,
                column.Name,
                column.Type,
                DataFormat.Percent(column.MissingRatio),
                DataFormat.Count(column.DistinctCount),
                DisplayFormat.OrDash(column.Min),
                DisplayFormat.OrDash(column.Max),
                column.Numeric is { } numeric ? DisplayFormat.Number(numeric.Mean) : "-",
                column.Numeric is { } spread ? DisplayFormat.Number(spread.StandardDeviation) : "-");
        }

        return view;
    }

    private static Table Folders(ImageSummary images)
    {
        var view = CliWriter.NewTable("Folder", "Images", "Size");
        foreach (var folder in images.Folders.OrderByDescending(f => f.Count).ThenBy(f => f.Folder, StringComparer.Ordinal).Take(MaxFolders))
        {
            CliWriter.AddRow(view, folder.Folder.Length == 0 ? "(top level)" : folder.Folder, DataFormat.Count(folder.Count), DataFormat.Bytes(folder.Bytes));
        }

        return view;
    }

    private static string Dimensions(ImageSummary images) =>
        images is { MinWidth: { } minWidth, MinHeight: { } minHeight, MaxWidth: { } maxWidth, MaxHeight: { } maxHeight }
            ? string.Create(CultureInfo.InvariantCulture, $", {minWidth}x{minHeight} to {maxWidth}x{maxHeight} pixels")
            : string.Empty;
}
