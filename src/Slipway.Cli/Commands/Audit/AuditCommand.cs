using System.CommandLine;

namespace Slipway.Cli.Commands.Audit;

/// <summary><c>slipway audit ...</c></summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "audit", "Read the audit log (admins only): sign-ins and changes, who made them, where, and how they ended.")
    {
        AuditListCommand.Create(context, global),
        AuditExportCommand.Create(context, global),
    }.WithExamples(
        "slipway audit list --since 2025-06-01 --actor bob",
        "slipway audit list --action token.create --audit-workspace fraud-team",
        "slipway audit export --since 2025-06-01T00:00:00Z --file audit.jsonl");
}
