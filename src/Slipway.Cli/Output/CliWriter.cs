using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Slipway.Cli.Output;

/// <summary>Writes a command's result as a table (Spectre) or as JSON, to the context's standard output.</summary>
internal sealed class CliWriter(CliContext context, OutputFormat format)
{
    public OutputFormat Format { get; } = format;

    public bool IsJson => Format == OutputFormat.Json;

    /// <summary>The console width tables are laid out for.</summary>
    public int Width => context.Console.Profile.Width;

    public void Json<T>(T value, JsonTypeInfo<T> type)
    {
        context.Output.WriteLine(JsonSerializer.Serialize(value, type));
        context.Output.Flush();
    }

    public void Render(IRenderable renderable) => context.Console.Write(renderable);

    /// <summary>A line of plain text (not markup).</summary>
    public void Line(string text) => context.Console.WriteLine(text);

    /// <summary>A dimmed note such as "No runs found."; only in table output.</summary>
    public void Note(string text) => context.Console.MarkupLine($"[grey]{Markup.Escape(text)}[/]");

    /// <summary>Columns that stay on one line (ids and timestamps); narrow consoles wrap the others instead.</summary>
    private static readonly HashSet<string> NoWrapColumns = new(StringComparer.Ordinal) { "ID", "Created", "Last updated", "Started", "Timestamp" };

    public static Table NewTable(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)) { NoWrap = NoWrapColumns.Contains(column) });
        }

        return table;
    }

    /// <summary>Adds a row of plain text cells (no markup interpretation).</summary>
    public static void AddRow(Table table, params string[] cells) =>
        table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)).ToArray());
}
