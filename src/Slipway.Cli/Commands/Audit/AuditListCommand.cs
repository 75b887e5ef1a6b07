using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Audit;

/// <summary><c>slipway audit list [--from T] [--to T] [--actor U] [--action A] [--audit-workspace W] [--max-results N]</c></summary>
internal static class AuditListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var filters = new AuditFilterOptions();
        var maxResults = MaxResultsOption.Create("entries", defaultValue: 1000);
        var command = new Command("list", "List audit log entries, oldest first.") { maxResults };
        filters.AddTo(command);
        command.SetClientAction(context, global, async call =>
        {
            var filter = filters.ToFilter(call);
            var (events, more) = await PageCollector.CollectAsync(
                (pageSize, token) => call.Client.QueryAuditEventsAsync(filter, pageSize, token, call.CancellationToken),
                call.Get(maxResults));

            if (call.Output.IsJson)
            {
                call.Output.Json<IReadOnlyList<AuditEvent>>(events, CliJsonContext.Default.IReadOnlyListAuditEvent);
                return 0;
            }

            if (events.Count == 0)
            {
                call.Output.Note("No audit entries match.");
                return 0;
            }

            var table = CliWriter.NewTable("Timestamp", "Actor", "Workspace", "Action", "Resource", "Outcome", "Details");
            foreach (var entry in events)
            {
                CliWriter.AddRow(
                    table,
                    DisplayFormat.Timestamp(entry.Time),
                    DisplayFormat.OrDash(entry.Actor),
                    DisplayFormat.OrDash(entry.WorkspaceId),
                    entry.Action,
                    DisplayFormat.OrDash(entry.Resource),
                    entry.Outcome,
                    DisplayFormat.OrDash(entry.Details));
            }

            call.Output.Render(table);
            if (more)
            {
                call.Output.Note($"Showing the oldest {events.Count} entries; narrow with --since, or use `slipway audit export` for all.");
            }

            return 0;
        });
        return command;
    }
}
