using System.Globalization;
using Slipway.Cli.Output;
using Slipway.Client.Deployments;
using Slipway.Core.Serving;

namespace Slipway.Cli.Commands.Deployments;

/// <summary>
/// How a deployment reads on the console: its configuration, its state on the answering server and what that server
/// serves for it. <c>create</c>, <c>update</c> and <c>rollback</c> end with it too, and exit 1 when the new revision
/// failed to load.
/// </summary>
internal static class DeploymentView
{
    public static void Write(CliWriter output, DeploymentInfo deployment)
    {
        var spec = deployment.Spec;
        output.Line($"Deployment:    {deployment.Name}");
        if (!string.IsNullOrEmpty(deployment.Description))
        {
            output.Line($"Description:   {deployment.Description}");
        }

        output.Line($"Revision:      {Number(deployment.Revision)}, updated {DisplayFormat.Timestamp(deployment.LastUpdatedTimestamp)}{By(deployment.UpdatedBy)} "
            + $"(created {DisplayFormat.Timestamp(deployment.CreationTimestamp)}{By(deployment.CreatedBy)})");
        output.Line($"Targets:       {Targets(spec)}");
        output.Line($"Shadow:        {DisplayFormat.OrDash(spec.Shadow)}");
        output.Line($"Sticky header: {DisplayFormat.OrDash(spec.StickyHeader)}");
        output.Line($"Batching:      {Batching(spec.Batching)}");
        output.Line($"Logging:       {Logging(spec)}");
        var status = deployment.Status;
        output.Line($"State:         {State(status.State)}{(status.ServedRevision is { } served ? $", serving revision {Number(served)}" : ", serving nothing yet")}");
        if (status.Error is { } error)
        {
            output.Line($"Error:         {error}");
        }

        if (status.Serving.Count == 0)
        {
            return;
        }

        var total = status.Serving.Where(s => s.Route != "shadow").Sum(s => (long)s.Weight);
        var table = CliWriter.NewTable("Route", "Model", "Version", "Traffic", "URI", "Load time");
        foreach (var version in status.Serving)
        {
            CliWriter.AddRow(
                table,
                version.Route,
                version.Model,
                version.Version,
                version.Route == "shadow" ? "copy" : Share(version.Weight, total),
                version.Uri,
                string.Create(CultureInfo.InvariantCulture, $"{version.LoadSeconds:0.###} s"));
        }

        output.Render(table);
    }

    /// <summary>
    /// The result of a change: the deployment as JSON or as the view, and exit code 1 with the load error on stderr
    /// when the new revision failed (an earlier revision may still be served, as the view shows).
    /// </summary>
    public static int Report(CliContext context, CliWriter output, DeploymentInfo deployment, string done)
    {
        if (output.IsJson)
        {
            output.Json(deployment, DeploymentsJsonContext.Default.DeploymentInfo);
        }
        else
        {
            output.Line(done);
            Write(output, deployment);
        }

        return deployment.Status.State == DeploymentState.Failed
            ? ClientCommandAction.Fail(context, $"Deployment '{deployment.Name}' revision {Number(deployment.Revision)} failed to load: {deployment.Status.Error ?? "no reason given"}")
            : 0;
    }

    public static string Targets(DeploymentSpec spec)
    {
        var total = spec.Targets.Sum(t => (long)t.Weight);
        return spec.Targets.Count == 1
            ? spec.Targets[0].Model
            : string.Join(", ", spec.Targets.Select(t => $"{t.Model} ({Share(t.Weight, total)})"));
    }

    public static string Batching(DeploymentBatching? batching) =>
        batching is { } b ? $"up to {Number(b.MaxBatchSize)} rows, waiting at most {Number(b.MaxLatencyMs)} ms" : "off";

    public static string Logging(DeploymentSpec spec) =>
        (spec.LogSampleRate >= 1 ? "every request" : spec.LogSampleRate <= 0 ? "off" : string.Create(CultureInfo.InvariantCulture, $"{spec.LogSampleRate:0.###%} of requests"))
        + (spec.LogWebhook is { } webhook ? $", sent to {webhook}" : string.Empty);

    public static string State(DeploymentState state) => state switch
    {
        DeploymentState.Ready => "ready",
        DeploymentState.Failed => "failed",
        _ => "loading",
    };

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Share(int weight, long total) =>
        total <= 0 ? "0%" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * weight / total:0.#}%");

    private static string By(string? user) => user is null ? string.Empty : $" by {user}";
}
