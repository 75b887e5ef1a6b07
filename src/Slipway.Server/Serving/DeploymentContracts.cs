namespace Slipway.Server.Serving;

// Messages of the deployments API (/api/v1/deployments; docs/serving.md).

/// <summary>A deployment to create, or the new configuration of one (every field is replaced; omitted optional fields are cleared).</summary>
public sealed class DeploymentRequest
{
    /// <summary>The deployment's name (create only; the route names it on update).</summary>
    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Shorthand for one target taking all traffic: a registry URI such as <c>models:/churn@champion</c>.</summary>
    public string? Model { get; set; }

    public List<DeploymentTargetDto>? Targets { get; set; }

    public string? Shadow { get; set; }

    public string? StickyHeader { get; set; }

    public DeploymentBatchingDto? Batching { get; set; }

    public double? LogSampleRate { get; set; }

    public string? LogWebhook { get; set; }

    /// <summary>Refuse the update when the deployment is no longer at this revision (someone else changed it meanwhile).</summary>
    public long? ExpectedRevision { get; set; }
}

public sealed class DeploymentTargetDto
{
    public string? Model { get; set; }

    public int? Weight { get; set; }
}

public sealed class DeploymentBatchingDto
{
    public int? MaxBatchSize { get; set; }

    public int? MaxLatencyMs { get; set; }
}

/// <summary>Which revision to restore; the one before the current when omitted.</summary>
public sealed class RollbackRequest
{
    public long? Revision { get; set; }
}

public sealed class DeploymentDto
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public long Revision { get; init; }

    public required List<DeploymentTargetDto> Targets { get; init; }

    public string? Shadow { get; init; }

    public string? StickyHeader { get; init; }

    public DeploymentBatchingDto? Batching { get; init; }

    public double LogSampleRate { get; init; }

    public string? LogWebhook { get; init; }

    public long CreationTimestamp { get; init; }

    public long LastUpdatedTimestamp { get; init; }

    public string? CreatedBy { get; init; }

    public string? UpdatedBy { get; init; }

    public required DeploymentStatusDto Status { get; init; }
}

/// <summary>
/// What the answering server process serves for the deployment: <c>ready</c> (the current revision is served),
/// <c>loading</c>, or <c>failed</c> (with the reason; an earlier revision may still be served, and is listed).
/// </summary>
public sealed class DeploymentStatusDto
{
    public required string State { get; init; }

    public string? Error { get; init; }

    /// <summary>The revision being served, when any is.</summary>
    public long? ServedRevision { get; init; }

    public required List<ServedVersionDto> Serving { get; init; }
}

public sealed class ServedVersionDto
{
    public required string Model { get; init; }

    public required string Version { get; init; }

    public required string Uri { get; init; }

    public int Weight { get; init; }

    public required string Route { get; init; }

    public double LoadSeconds { get; init; }
}

public sealed class DeploymentsResponse
{
    public required List<DeploymentDto> Deployments { get; init; }
}

public sealed class DeploymentRevisionDto
{
    public long Revision { get; init; }

    public required string Change { get; init; }

    public long CreationTimestamp { get; init; }

    public string? CreatedBy { get; init; }

    public required List<DeploymentTargetDto> Targets { get; init; }

    public string? Shadow { get; init; }

    public string? StickyHeader { get; init; }

    public DeploymentBatchingDto? Batching { get; init; }

    public double LogSampleRate { get; init; }

    public string? LogWebhook { get; init; }
}

public sealed class DeploymentRevisionsResponse
{
    public required List<DeploymentRevisionDto> Revisions { get; init; }
}
