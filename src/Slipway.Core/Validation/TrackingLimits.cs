namespace Slipway.Core.Validation;

/// <summary>
/// Size limits of the tracking and registry APIs, equal to MLflow's so clients written against MLflow behave the
/// same here. Sources: <c>mlflow/utils/validation.py</c> (batch and length limits),
/// <c>mlflow/store/tracking/__init__.py</c> (search and metric-history pages), <c>mlflow/server/handlers.py</c>
/// (bulk metric history) and <c>mlflow/store/model_registry/__init__.py</c> (registry searches).
/// </summary>
public static class TrackingLimits
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsTagsPerBatch = 100;

    /// <summary>Metrics, params and tags together in one log-batch request.</summary>
    public const int MaxEntitiesPerBatch = 1000;

    /// <summary>Largest log-batch request body MLflow accepts, in bytes.</summary>
    public const int MaxBatchLogRequestBytes = 1_000_000;

    /// <summary>Metric, param and run tag keys.</summary>
    public const int MaxEntityKeyLength = 250;
    public const int MaxParamValueLength = 6000;

    /// <summary>Run tag values (MLflow raised this from 5000 to 8000 in 2.x).</summary>
    public const int MaxTagValueLength = 8000;

    public const int MaxExperimentNameLength = 500;
    public const int MaxExperimentTagKeyLength = 250;
    public const int MaxExperimentTagValueLength = 5000;

    public const int MaxRegistryTagKeyLength = 250;
    public const int MaxRegistryTagValueLength = 5000;
    public const int MaxRegisteredModelAliasLength = 255;

    /// <summary>Run ids: MLflow's run-id pattern allows up to 256 characters.</summary>
    public const int MaxRunIdLength = 256;

    /// <summary>Experiment ids: MLflow's experiment-id pattern allows up to 64 characters.</summary>
    public const int MaxExperimentIdLength = 64;

    public const int MaxDatasetsPerBatch = 1000;
    public const int MaxDatasetNameLength = 500;
    public const int MaxDatasetDigestLength = 36;
    public const int MaxDatasetSourceLength = 65_535;
    public const int MaxDatasetSchemaLength = 1_048_575;
    public const int MaxDatasetProfileLength = 16_777_215;
    public const int MaxInputTagKeyLength = 255;
    public const int MaxInputTagValueLength = 500;

    public const int SearchRunsDefaultMaxResults = 1000;
    public const int SearchRunsMaxResults = 50_000;

    public const int SearchExperimentsDefaultMaxResults = 1000;
    public const int SearchExperimentsMaxResults = 50_000;

    /// <summary>Page size of get-history when the client asks for pages (MLflow's GET_METRIC_HISTORY_MAX_RESULTS).</summary>
    public const int MetricHistoryDefaultMaxResults = 25_000;
    public const int MetricHistoryMaxResults = 25_000;

    /// <summary>get-history-bulk-interval: sampled points per run (MLflow's MAX_RESULTS_PER_RUN).</summary>
    public const int MetricHistoryBulkIntervalDefaultMaxResults = 2500;
    public const int MetricHistoryBulkIntervalMaxResults = 2500;

    /// <summary>get-history-bulk-interval: run ids per request (MLflow's MAX_RUNS_GET_METRIC_HISTORY_BULK).</summary>
    public const int MaxRunIdsPerMetricHistoryBulkRequest = 100;

    public const int SearchRegisteredModelsDefaultMaxResults = 100;
    public const int SearchRegisteredModelsMaxResults = 1000;

    public const int SearchModelVersionsDefaultMaxResults = 10_000;
    public const int SearchModelVersionsMaxResults = 200_000;
}
