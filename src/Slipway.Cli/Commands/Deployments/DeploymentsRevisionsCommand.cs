using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments revisions NAME</c></summary>
internal static class DeploymentsRevisionsCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DeploymentArguments.Name();
        var command = new Command("revisions", "List every configuration a deployment has had, newest first: what changed, when and by whom.") { name };
        command.WithExamples(
            "slipway deployments revisions churn",
            "slipway deployments rollback churn --to-revision 2        restore one of them");
        command.SetClientAction(context, global, async call =>
        {
            var revisions = await call.Client.ListDeploymentRevisionsAsync(call.Get(name), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(revisions, DeploymentsJsonContext.Default.IReadOnlyListDeploymentRevision);
                return 0;
            }

            var table = CliWriter.NewTable("Revision", "Change", "Created", "By", "Targets", "Shadow", "Settings");
            foreach (var revision in revisions)
            {
                var spec = revision.Spec;
                var settings = new List<string>();
                if (spec.StickyHeader is { } header)
                {
                    settings.Add($"sticky header {header}");
                }

                if (spec.Batching is { } batching)
                {
                    settings.Add($"batching {DeploymentView.Number(batching.MaxBatchSize)} rows/{DeploymentView.Number(batching.MaxLatencyMs)} ms");
                }

                settings.Add($"logging {DeploymentView.Logging(spec)}");
                CliWriter.AddRow(
                    table,
                    DeploymentView.Number(revision.Revision),
                    revision.Change,
                    DisplayFormat.Timestamp(revision.CreationTimestamp),
                    DisplayFormat.OrDash(revision.CreatedBy),
                    DeploymentView.Targets(spec),
                    DisplayFormat.OrDash(spec.Shadow),
                    string.Join("; ", settings));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
