using Prometheus;
using Slipway.Serving.Batching;

namespace Slipway.Serving.Deployments;

/// <summary>A loaded model version as one deployment serves it: its route, its batcher when batching is on, and its labelled metrics.</summary>
public sealed class LiveTarget
{
    internal LiveTarget(DeploymentPlan plan, PlannedTarget target, LoadedModel model, string route)
    {
        Target = target;
        Model = model;
        Route = route;
        string[] labels = [plan.WorkspaceId, plan.Name, model.Name, model.VersionText, route];
        Requests = ServingMetrics.Requests.WithLabels(labels);
        Rows = ServingMetrics.Rows.WithLabels(labels);
        Latency = ServingMetrics.Latency.WithLabels(labels);
        ErrorLabels = labels;
        if (plan.Batching && route != RouteNames.Shadow)
        {
            string[] batchLabels = [plan.WorkspaceId, plan.Name, model.Name, model.VersionText];
            var batchRows = ServingMetrics.BatchSize.WithLabels(batchLabels);
            QueueDepth = ServingMetrics.QueueDepth.WithLabels(batchLabels);
            Batcher = new RequestBatcher(
                model.Package.Runtime,
                new BatchLimits(plan.MaxBatchSize, TimeSpan.FromMilliseconds(plan.MaxLatencyMs)),
                rows => batchRows.Observe(rows));
        }
    }

    public PlannedTarget Target { get; }

    public LoadedModel Model { get; }

    public string Route { get; }

    public RequestBatcher? Batcher { get; }

    internal Counter.Child Requests { get; }

    internal Counter.Child Rows { get; }

    internal Histogram.Child Latency { get; }

    internal Gauge.Child? QueueDepth { get; }

    internal string[] ErrorLabels { get; }
}
