namespace Slipway.Pipelines.Specs;

/// <summary>What a reference in a template (<c>${{ params.lr }}</c>) or a condition names.</summary>
public enum ReferenceKind
{
    /// <summary><c>params.&lt;name&gt;</c>: a parameter's value for the run.</summary>
    Param,

    /// <summary><c>matrix.&lt;var&gt;</c>: the variant's value of a swept variable.</summary>
    Matrix,

    /// <summary><c>inputs.&lt;name&gt;</c>: the path of one of the step's own inputs.</summary>
    Input,

    /// <summary><c>outputs.&lt;name&gt;</c>: the path of one of the step's own outputs.</summary>
    Output,

    /// <summary><c>pipeline.name</c>.</summary>
    PipelineName,

    /// <summary><c>pipeline.run_id</c>: the pipeline run's id.</summary>
    PipelineRunId,

    /// <summary><c>trigger.kind</c>: manual, schedule, webhook, dataset, alert or retry.</summary>
    TriggerKind,

    /// <summary><c>trigger.detail</c>: such as the cron expression or the dataset version.</summary>
    TriggerDetail,

    /// <summary><c>step.name</c>: the step's own name (a variant's name in a sweep).</summary>
    StepName,

    /// <summary><c>steps.&lt;step&gt;.metrics.&lt;key&gt;</c>: a metric of another step's run (of the best variant for a sweep).</summary>
    StepMetric,

    /// <summary><c>steps.&lt;step&gt;.status</c>: another step's status (conditions only).</summary>
    StepStatus,
}
