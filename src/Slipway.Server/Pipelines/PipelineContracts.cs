namespace Slipway.Server.Pipelines;

// Messages of the pipeline API (/api/v1/pipelines, /api/v1/pipeline-runs, /api/v1/hooks; docs/pipelines.md).

/// <summary>A pipeline file to validate, register or run: its YAML text and the name its messages cite.</summary>
public sealed class PipelineSpecRequest
{
    public string? Spec { get; set; }

    public string? FileName { get; set; }

    /// <summary>The code snapshot: a version of a dataset holding the pipeline directory's files, such as <c>data:code.churn@3</c>.</summary>
    public string? Code { get; set; }

    /// <summary>Parameter overrides (launches only).</summary>
    public Dictionary<string, string>? Params { get; set; }
}

/// <summary>Parameter overrides for a launch of a registered pipeline, or a webhook's body.</summary>
public sealed class LaunchParamsRequest
{
    public Dictionary<string, string>? Params { get; set; }
}

/// <summary>What a spec declares, as the server understood it (validate and register answer this).</summary>
public sealed class PipelineSpecSummaryDto
{
    public required string Name { get; set; }

    public string? Description { get; set; }

    public required string Experiment { get; set; }

    public required List<ParamDto> Params { get; set; }

    public required List<StepSummaryDto> Steps { get; set; }

    public required List<string> Triggers { get; set; }

    public required string Concurrency { get; set; }

    public double CooldownSeconds { get; set; }
}

public sealed class ParamDto
{
    public required string Name { get; set; }

    public required string Type { get; set; }

    public string? Default { get; set; }

    public string? Description { get; set; }
}

public sealed class StepSummaryDto
{
    public required string Name { get; set; }

    /// <summary>The command (<c>run</c>) or the built-in (<c>uses:validate-dataset</c>).</summary>
    public required string Action { get; set; }

    /// <summary>Every step it waits for, explicit and implied.</summary>
    public required List<string> DependsOn { get; set; }
}

public sealed class PipelineDto
{
    public required string Name { get; set; }

    public string? Creator { get; set; }

    public long CreationTime { get; set; }

    public long LastUpdatedTime { get; set; }

    public string? Code { get; set; }

    /// <summary>Present on GET of one pipeline.</summary>
    public string? Spec { get; set; }

    public PipelineSpecSummaryDto? Summary { get; set; }
}

public sealed class PipelinesResponse
{
    public required List<PipelineDto> Pipelines { get; set; }
}

/// <summary>A launch's answer: the run started (201) or queued (201, status queued), or why nothing started (200, <c>skipped</c>).</summary>
public sealed class LaunchResponse
{
    public PipelineRunDto? Run { get; set; }

    public string? Skipped { get; set; }
}

public sealed class PipelineRunDto
{
    /// <summary>Also the id of the run's tracking run.</summary>
    public required string Id { get; set; }

    public required string Pipeline { get; set; }

    /// <summary>queued, running, succeeded, failed or canceled.</summary>
    public required string Status { get; set; }

    public required Dictionary<string, string> Params { get; set; }

    public required string Trigger { get; set; }

    public string? TriggerDetail { get; set; }

    public string? Creator { get; set; }

    public required string ExperimentId { get; set; }

    public string? Code { get; set; }

    public long CreationTime { get; set; }

    public long? StartTime { get; set; }

    public long? EndTime { get; set; }

    public string? Message { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>Present on GET of one run.</summary>
    public List<StepRunDto>? Steps { get; set; }
}

public sealed class StepRunDto
{
    public required string Name { get; set; }

    /// <summary>pending, waiting, running, retrying, succeeded, cached, failed, skipped or canceled.</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>The step's nested tracking run.</summary>
    public string? RunId { get; set; }

    /// <summary>For a cache hit: the run whose outputs were reused.</summary>
    public string? CachedFrom { get; set; }

    public long? StartTime { get; set; }

    public long? EndTime { get; set; }

    public long? NextAttemptTime { get; set; }

    public int? ExitCode { get; set; }

    public string? Message { get; set; }

    /// <summary>Output name to artifact path in the run (<see cref="CachedFrom"/> for a cache hit).</summary>
    public required Dictionary<string, string> Outputs { get; set; }

    /// <summary>For a sweep variant: the sweep it belongs to; for a sweep, its variants.</summary>
    public string? Sweep { get; set; }

    public List<string>? Variants { get; set; }

    public Dictionary<string, string>? Matrix { get; set; }

    public required List<string> DependsOn { get; set; }

    public List<StepAttemptDto>? AttemptHistory { get; set; }
}

public sealed class StepAttemptDto
{
    public int Number { get; set; }

    public required string Status { get; set; }

    public long StartTime { get; set; }

    public long? EndTime { get; set; }

    public int? ExitCode { get; set; }

    public string? Message { get; set; }
}

public sealed class PipelineRunsResponse
{
    public required List<PipelineRunDto> Runs { get; set; }

    public string? NextPageToken { get; set; }
}

public sealed class WebhookDto
{
    public required string Id { get; set; }

    public required string Pipeline { get; set; }

    /// <summary>The path to POST to (relative to the server's address).</summary>
    public required string Url { get; set; }

    /// <summary>The secret, shown once at creation; send it as <c>Authorization: Bearer</c>, <c>X-Slipway-Webhook-Token</c> or <c>?token=</c>.</summary>
    public string? Token { get; set; }

    public string? Creator { get; set; }

    public long CreationTime { get; set; }
}

public sealed class WebhooksResponse
{
    public required List<WebhookDto> Webhooks { get; set; }
}

/// <summary>An alert raised by a monitor (or any alerting system), which starts pipelines whose <c>alert</c> trigger names it.</summary>
public sealed class AlertEventRequest
{
    public string? Alert { get; set; }

    public string? Detail { get; set; }
}

public sealed class AlertEventResponse
{
    /// <summary>The runs the alert started.</summary>
    public required List<PipelineRunDto> Started { get; set; }

    /// <summary>Pipelines whose trigger matched but that did not start, with why (cooldown, skip-if-running).</summary>
    public required Dictionary<string, string> Skipped { get; set; }
}
