namespace Slipway.Pipelines.Orchestration;

/// <summary>Tags Slipway sets on the tracking runs of pipelines and steps, so search and the UI can find them.</summary>
public static class PipelineTags
{
    public const string Pipeline = "slipway.pipeline";
    public const string PipelineRun = "slipway.pipeline.run_id";
    public const string Trigger = "slipway.pipeline.trigger";
    public const string Code = "slipway.pipeline.code";
    public const string Step = "slipway.step";
    public const string Attempts = "slipway.step.attempts";
    public const string Cache = "slipway.cache";
    public const string CacheSource = "slipway.cache.source_run";
    public const string SweepRank = "slipway.sweep.rank";
    public const string SweepBest = "slipway.sweep.best";
    public const string Executor = "slipway.executor";
}
