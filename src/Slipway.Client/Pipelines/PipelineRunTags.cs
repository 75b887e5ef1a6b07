namespace Slipway.Client.Pipelines;

/// <summary>Tags of the tracking run a pipeline step logs into, naming the pipeline run and step that made it (besides <c>mlflow.parentRunId</c>).</summary>
public static class PipelineRunTags
{
    /// <summary>The pipeline run's id (also its own tracking run's id, the step run's parent).</summary>
    public const string PipelineRunId = "slipway.pipeline.run_id";

    /// <summary>The step's name (a sweep variant's, such as <c>train[lr=0.1]</c>).</summary>
    public const string Step = "slipway.step";
}
