using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Tracking;
using Slipway.Data.Lineage;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Security;

namespace Slipway.Server.Mlflow;

/// <summary>MLflow's tracking endpoints (experiments, runs, metrics), mapped under an API prefix.</summary>
public static class MlflowTrackingApi
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static IEndpointRouteBuilder MapMlflowTracking(this IEndpointRouteBuilder group)
    {
        group.MapPost("/experiments/create", CreateExperiment)
            .Changes(Access.Edit, ResourceTarget.None, "experiment.create");
        group.MapMethods("/experiments/get", Methods.Read, GetExperiment)
            .Reads(ResourceTarget.Experiment);
        group.MapMethods("/experiments/get-by-name", Methods.Read, GetExperimentByName)
            .Reads();
        group.MapMethods("/experiments/search", Methods.Read, SearchExperiments)
            .Reads();
        group.MapPost("/experiments/update", UpdateExperiment)
            .Changes(Access.Edit, ResourceTarget.Experiment, "experiment.rename");
        group.MapPost("/experiments/delete", DeleteExperiment)
            .Changes(Access.Manage, ResourceTarget.Experiment, "experiment.delete");
        group.MapPost("/experiments/restore", RestoreExperiment)
            .Changes(Access.Manage, ResourceTarget.Experiment, "experiment.restore");
        group.MapPost("/experiments/set-experiment-tag", SetExperimentTag)
            .Changes(Access.Edit, ResourceTarget.Experiment, "experiment.set-tag");

        group.MapPost("/runs/create", CreateRun)
            .Changes(Access.Edit, ResourceTarget.Experiment, "run.create");
        group.MapMethods("/runs/get", Methods.Read, GetRun)
            .Reads(ResourceTarget.Run);
        group.MapPost("/runs/update", UpdateRun)
            .Changes(Access.Edit, ResourceTarget.Run, "run.update");
        group.MapPost("/runs/delete", DeleteRun)
            .Changes(Access.Manage, ResourceTarget.Run, "run.delete");
        group.MapPost("/runs/restore", RestoreRun)
            .Changes(Access.Manage, ResourceTarget.Run, "run.restore");
        group.MapMethods("/runs/search", Methods.Read, SearchRuns)
            .Reads(ResourceTarget.ExperimentList);
        group.MapPost("/runs/log-metric", LogMetric)
            .LogsRunData();
        group.MapPost("/runs/log-parameter", LogParam)
            .LogsRunData();
        group.MapPost("/runs/set-tag", SetTag)
            .LogsRunData();
        group.MapPost("/runs/delete-tag", DeleteTag)
            .LogsRunData();
        group.MapPost("/runs/log-batch", LogBatch)
            .LogsRunData();
        group.MapPost("/runs/log-inputs", LogInputs)
            .LogsRunData();
        group.MapPost("/runs/log-model", LogModel)
            .LogsRunData();

        group.MapMethods("/metrics/get-history", Methods.Read, GetMetricHistory)
            .Reads(ResourceTarget.Run);
        group.MapMethods("/metrics/get-history-bulk-interval", Methods.Read, GetMetricHistoryBulkInterval)
            .Reads(ResourceTarget.RunList);
        return group;
    }

    private static async Task CreateExperiment(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.CreateExperimentRequest);
        var id = await tracking.CreateExperimentAsync(
            RequestWorkspace.Of(context), request.Name, request.ArtifactLocation, MlflowMapper.ToTags(request.Tags, "tags"), context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new CreateExperimentResponse { ExperimentId = id }, Json.CreateExperimentResponse);
    }

    private static async Task GetExperiment(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.ExperimentIdRequest);
        var experiment = await tracking.GetExperimentAsync(RequestWorkspace.Of(context), request.ExperimentId, context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new ExperimentResponse { Experiment = MlflowMapper.ToDto(experiment) }, Json.ExperimentResponse);
    }

    private static async Task GetExperimentByName(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.GetExperimentByNameRequest);
        var experiment = await tracking.GetExperimentByNameAsync(RequestWorkspace.Of(context), request.ExperimentName, context.RequestAborted);
        if (!RequestAccess.CanSee(context, GrantedResource.Experiment, experiment.ExperimentId))
        {
            throw SlipwayException.NotFound($"Could not find experiment with name '{request.ExperimentName}'");
        }

        await MlflowResponses.WriteAsync(context, new ExperimentResponse { Experiment = MlflowMapper.ToDto(experiment) }, Json.ExperimentResponse);
    }

    private static async Task SearchExperiments(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.SearchExperimentsRequest);
        var page = await tracking.SearchExperimentsAsync(
            RequestWorkspace.Of(context),
            request.Filter,
            request.OrderBy,
            MlflowMapper.ToViewType(request.ViewType, "view_type"),
            request.MaxResults,
            request.PageToken,
            context.RequestAborted);
        var response = new SearchExperimentsResponse
        {
            Experiments = page.Items.Count == 0
                ? null
                : page.Items.Where(e => RequestAccess.CanSee(context, GrantedResource.Experiment, e.ExperimentId)).Select(MlflowMapper.ToDto).ToList(),
            NextPageToken = page.NextPageToken,
        };
        await MlflowResponses.WriteAsync(context, response, Json.SearchExperimentsResponse);
    }

    private static async Task UpdateExperiment(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.UpdateExperimentRequest);
        await tracking.RenameExperimentAsync(RequestWorkspace.Of(context), request.ExperimentId, request.NewName, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task DeleteExperiment(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.ExperimentIdRequest);
        await tracking.DeleteExperimentAsync(RequestWorkspace.Of(context), request.ExperimentId, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task RestoreExperiment(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.ExperimentIdRequest);
        await tracking.RestoreExperimentAsync(RequestWorkspace.Of(context), request.ExperimentId, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task SetExperimentTag(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.SetExperimentTagRequest);
        var tag = new Tag(request.Key ?? throw MlflowMapper.Missing("key"), request.Value ?? throw MlflowMapper.Missing("value"));
        await tracking.SetExperimentTagAsync(RequestWorkspace.Of(context), request.ExperimentId, tag, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task CreateRun(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.CreateRunRequest);
        var run = await tracking.CreateRunAsync(
            RequestWorkspace.Of(context),
            request.ExperimentId,
            request.UserId,
            request.RunName,
            request.StartTime,
            MlflowMapper.ToTags(request.Tags, "tags"),
            context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new RunResponse { Run = MlflowMapper.ToDto(run) }, Json.RunResponse);
    }

    private static async Task GetRun(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RunIdRequest);
        var run = await tracking.GetRunAsync(RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new RunResponse { Run = MlflowMapper.ToDto(run) }, Json.RunResponse);
    }

    private static async Task UpdateRun(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.UpdateRunRequest);
        var update = new RunUpdate(MlflowMapper.ToRunStatus(request.Status), request.EndTime, string.IsNullOrEmpty(request.RunName) ? null : request.RunName);
        var info = await tracking.UpdateRunAsync(RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, update, context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new UpdateRunResponse { RunInfo = MlflowMapper.ToDto(info) }, Json.UpdateRunResponse);
    }

    private static async Task DeleteRun(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RunIdRequest);
        await tracking.DeleteRunAsync(RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task RestoreRun(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RunIdRequest);
        await tracking.RestoreRunAsync(RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task SearchRuns(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.SearchRunsRequest);
        var page = await tracking.SearchRunsAsync(
            RequestWorkspace.Of(context),
            request.ExperimentIds ?? [],
            request.Filter,
            MlflowMapper.ToViewType(request.RunViewType, "run_view_type"),
            request.MaxResults,
            request.OrderBy,
            request.PageToken,
            context.RequestAborted);
        var response = new SearchRunsResponse
        {
            Runs = page.Items.Count == 0 ? null : page.Items.Select(MlflowMapper.ToDto).ToList(),
            NextPageToken = page.NextPageToken,
        };
        await MlflowResponses.WriteAsync(context, response, Json.SearchRunsResponse);
    }

    private static async Task LogMetric(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.LogMetricRequest);
        var metric = MlflowMapper.ToMetric(
            new MetricDto { Key = request.Key, Value = request.Value, Timestamp = request.Timestamp, Step = request.Step },
            "metric");
        await tracking.LogMetricAsync(RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, metric, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task LogParam(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.LogParamRequest);
        var param = new Param(request.Key ?? throw MlflowMapper.Missing("key"), request.Value ?? throw MlflowMapper.Missing("value"));
        await tracking.LogParamAsync(RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, param, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task SetTag(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.SetTagRequest);
        var tag = new Tag(request.Key ?? throw MlflowMapper.Missing("key"), request.Value ?? throw MlflowMapper.Missing("value"));
        await tracking.SetTagAsync(RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, tag, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task DeleteTag(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.DeleteTagRequest);
        await tracking.DeleteTagAsync(RequestWorkspace.Of(context), request.RunId, request.Key, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task LogBatch(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.LogBatchRequest, LogBatchJson.TryRead);
        await tracking.LogBatchAsync(
            RequestWorkspace.Of(context),
            request.RunId,
            MlflowMapper.ToMetrics(request.Metrics),
            MlflowMapper.ToParams(request.Params),
            MlflowMapper.ToTags(request.Tags, "tags"),
            context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task LogInputs(HttpContext context, TrackingService tracking, RunInputLinker links)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.LogInputsRequest);
        var workspace = RequestWorkspace.Of(context);
        var inputs = MlflowMapper.ToDatasetInputs(request.Datasets);
        // Resolved before anything is logged, so an input naming a missing dataset version logs nothing.
        var versions = await links.ResolveAsync(workspace, inputs, context.RequestAborted);
        await tracking.LogInputsAsync(workspace, request.RunId, inputs, context.RequestAborted);
        await links.LinkAsync(workspace, request.RunId!, versions, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task LogModel(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.LogModelRequest);
        await tracking.RecordLoggedModelAsync(RequestWorkspace.Of(context), request.RunId, request.ModelJson, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task GetMetricHistory(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.GetMetricHistoryRequest);
        var page = await tracking.GetMetricHistoryAsync(
            RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, request.MetricKey, request.MaxResults, request.PageToken, context.RequestAborted);
        await MetricHistoryJson.WriteAsync(context, page);
    }

    private static async Task GetMetricHistoryBulkInterval(HttpContext context, TrackingService tracking)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.GetMetricHistoryBulkIntervalRequest);
        var metrics = await tracking.GetMetricHistoryBulkIntervalAsync(
            RequestWorkspace.Of(context), request.RunIds ?? [], request.MetricKey, request.StartStep, request.EndStep, request.MaxResults, context.RequestAborted);
        var response = new GetMetricHistoryBulkIntervalResponse
        {
            Metrics = metrics.Count == 0
                ? null
                : metrics.Select(m => new MetricWithRunIdDto
                {
                    Key = m.Metric.Key,
                    Value = m.Metric.Value,
                    Timestamp = m.Metric.Timestamp,
                    Step = m.Metric.Step,
                    RunId = m.RunId,
                }).ToList(),
        };
        await MlflowResponses.WriteAsync(context, response, Json.GetMetricHistoryBulkIntervalResponse);
    }
}
