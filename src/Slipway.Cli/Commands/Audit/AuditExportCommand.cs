using System.CommandLine;
using System.Text;

namespace Slipway.Cli.Commands.Audit;

/// <summary><c>slipway audit export [filters] [--file PATH]</c></summary>
internal static class AuditExportCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var filters = new AuditFilterOptions();
        var file = new Option<FileInfo?>("--file")
        {
            Description = "Write to this file (replacing it) instead of standard output.",
            HelpName = "path",
        };
        var command = new Command("export", "Write every matching audit entry as JSON lines (one object per line), oldest first.") { file };
        filters.AddTo(command);
        command.SetClientAction(context, global, async call =>
        {
            var lines = call.Client.ExportAuditEventsAsync(filters.ToFilter(call), call.CancellationToken);
            if (call.Get(file) is not { } target)
            {
                await foreach (var line in lines)
                {
                    await context.Output.WriteLineAsync(line);
                }

                await context.Output.FlushAsync(call.CancellationToken);
                return 0;
            }

            // A partial file would pass for a complete export, so write beside it and move it into place at the end.
            var partial = target.FullName + ".partial";
            var count = 0;
            try
            {
                await using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                {
                    await foreach (var line in lines)
                    {
                        await writer.WriteAsync(line);
                        await writer.WriteAsync('\n');
                        count++;
                    }
                }

                File.Move(partial, target.FullName, overwrite: true);
            }
            catch (Exception ex)
            {
                File.Delete(partial);
                if (ex is IOException or UnauthorizedAccessException)
                {
                    throw new CommandException($"Could not export the audit log to {target.FullName}: {ex.Message}", ex);
                }

                throw;
            }

            if (!call.Output.IsJson)
            {
                call.Output.Note($"Wrote {count} audit entries to {target.FullName}.");
            }

            return 0;
        });
        return command;
    }
}
