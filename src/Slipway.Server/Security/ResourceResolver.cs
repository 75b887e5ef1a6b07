using Microsoft.AspNetCore.Http;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Server.Security;

/// <summary>Finds the experiments and registered models a request is about, from the fields its endpoint declared.</summary>
public sealed class ResourceResolver(ITrackingStore tracking)
{
    /// <summary>The resources a request names, each with the 404 message to answer when the caller may not see it.</summary>
    public async ValueTask<IReadOnlyList<(GrantedResource Kind, string Id, string NotFound)>> ResolveAsync(
        HttpContext context, ResourceTarget target, RequestAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(access);
        var fields = RequestFields.Of(context);
        switch (target)
        {
            case ResourceTarget.Experiment:
                return await fields.GetAsync("experiment_id") is { } experimentId ? [Experiment(experimentId)] : [];
            case ResourceTarget.ExperimentList:
                return [.. (await fields.GetAllAsync("experiment_ids")).Select(Experiment)];
            case ResourceTarget.Run:
                return await fields.GetAsync("run_id", "run_uuid", "runId") is { } runId
                    ? await RunExperimentsAsync([runId], access.WorkspaceId, context.RequestAborted)
                    : [];
            case ResourceTarget.RunList:
                return await RunExperimentsAsync(await fields.GetAllAsync("run_ids"), access.WorkspaceId, context.RequestAborted);
            case ResourceTarget.RegisteredModel:
                return await fields.GetAsync("name") is { } name
                    ? [(GrantedResource.RegisteredModel, name, $"Registered Model with name={name} not found")]
                    : [];
            case ResourceTarget.ArtifactPath:
                return ArtifactExperiment(await fields.GetAsync("path")) is { } fromPath ? [Experiment(fromPath)] : [];
            default:
                return [];
        }
    }

    /// <summary>
    /// Refuses an artifact path outside the request's workspace: its first segment is the experiment id that
    /// <c>mlflow-artifacts:/</c> locations start with. Listing the root is for server admins.
    /// </summary>
    public async ValueTask<(string? ExperimentId, (ErrorCode, string)? Refusal)> ResolveArtifactExperimentAsync(HttpContext context, RequestAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(access);
        var path = await RequestFields.Of(context).GetAsync("path");
        if (ArtifactExperiment(path) is not { } experimentId)
        {
            return access.Caller.IsAdmin
                ? (null, null)
                : (null, (ErrorCode.PermissionDenied, "Only server admins may list the artifact root; name a path that starts with an experiment id."));
        }

        try
        {
            await tracking.GetExperimentAsync(access.WorkspaceId, experimentId, context.RequestAborted);
            return (experimentId, null);
        }
        catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
        {
            return (null, (ErrorCode.ResourceDoesNotExist, $"Artifact path '{path}' not found."));
        }
    }

    /// <summary>What an audited request is about, for the audit entry: the first identifying field it carries.</summary>
    public static async ValueTask<string?> DescribeAsync(HttpContext context)
    {
        // The route first: a dataset commit names its dataset there, and its body may be a 100 MB manifest.
        foreach (var (field, label) in Identifying)
        {
            if (context.Request.RouteValues.TryGetValue(field, out var routeValue) && routeValue?.ToString() is { Length: > 0 } fromRoute)
            {
                return $"{label}:{fromRoute}";
            }
        }

        var fields = RequestFields.Of(context);
        foreach (var (field, label) in Identifying)
        {
            if (await fields.GetAsync(field) is { } value)
            {
                return $"{label}:{value}";
            }
        }

        return null;
    }

    private static readonly (string Field, string Label)[] Identifying =
    [
        ("run_id", "run"), ("run_uuid", "run"), ("runId", "run"), ("experiment_id", "experiment"),
        ("name", "name"), ("username", "user"), ("user", "user"), ("workspace", "workspace"), ("path", "artifact"),
    ];

    private static (GrantedResource, string, string) Experiment(string id) =>
        (GrantedResource.Experiment, id, $"No Experiment with id={id} exists");

    private static string? ArtifactExperiment(string? path)
    {
        var trimmed = path?.TrimStart('/');
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? trimmed : trimmed[..slash];
    }

    private async ValueTask<IReadOnlyList<(GrantedResource, string, string)>> RunExperimentsAsync(
        IReadOnlyList<string> runIds, string workspaceId, CancellationToken cancellationToken)
    {
        var experiments = new List<(GrantedResource, string, string)>();
        foreach (var runId in runIds)
        {
            try
            {
                var run = await tracking.GetRunAsync(workspaceId, runId, cancellationToken);
                experiments.Add((GrantedResource.Experiment, run.Info.ExperimentId, $"Run with id={runId} not found"));
            }
            catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
            {
                // The endpoint answers for a missing run with its own message.
            }
        }

        return experiments;
    }
}
