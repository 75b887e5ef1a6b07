namespace Slipway.Client.Logging;

/// <summary>The most one <c>runs/log-batch</c> request may carry, as MLflow servers enforce it.</summary>
public static class LogBatchLimits
{
    public const int MaxMetrics = 1000;

    /// <summary>Params and tags together.</summary>
    public const int MaxParamsAndTags = 100;

    /// <summary>Metrics, params and tags together.</summary>
    public const int MaxEntities = 1000;
}
