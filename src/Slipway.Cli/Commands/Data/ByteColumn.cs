using Spectre.Console;
using Spectre.Console.Rendering;

namespace Slipway.Cli.Commands.Data;

/// <summary>
/// A progress column about bytes (amount, speed, time left, percentage) that stays blank on a bar without bytes:
/// the commit, which only waits for the server.
/// </summary>
internal sealed class ByteColumn(ProgressColumn inner) : ProgressColumn
{
    public const string NoBytesState = "slipway.no-bytes";

    protected override bool NoWrap => true;

    public static void MarkWithoutBytes(ProgressTask task) => task.State.Update<bool>(NoBytesState, _ => true);

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        task.State.Get<bool>(NoBytesState) ? Text.Empty : inner.Render(options, task, deltaTime);

    public override int? GetColumnWidth(RenderOptions options) => inner.GetColumnWidth(options);
}
