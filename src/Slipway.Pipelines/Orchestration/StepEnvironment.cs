namespace Slipway.Pipelines.Orchestration;

/// <summary>The environment variables a step's process receives, beyond its own <c>env</c>.</summary>
public static class StepEnvironment
{
    public const string MlflowTrackingUri = "MLFLOW_TRACKING_URI";
    public const string MlflowRunId = "MLFLOW_RUN_ID";
    public const string MlflowExperimentId = "MLFLOW_EXPERIMENT_ID";
    public const string MlflowTrackingToken = "MLFLOW_TRACKING_TOKEN";
    public const string SlipwayTrackingUri = "SLIPWAY_TRACKING_URI";
    public const string SlipwayWorkspace = "SLIPWAY_WORKSPACE";
    public const string SlipwayToken = "SLIPWAY_TOKEN";
    public const string Pipeline = "SLIPWAY_PIPELINE";
    public const string PipelineRunId = "SLIPWAY_PIPELINE_RUN_ID";
    public const string Step = "SLIPWAY_STEP";
    public const string StepDirectory = "SLIPWAY_STEP_DIR";
    public const string Attempt = "SLIPWAY_ATTEMPT";

    /// <summary><c>SLIPWAY_INPUT_RAW</c>: the path of input <c>raw</c>.</summary>
    public static string Input(string name) => "SLIPWAY_INPUT_" + Upper(name);

    /// <summary><c>SLIPWAY_OUTPUT_MODEL</c>: where output <c>model</c> is to be written.</summary>
    public static string Output(string name) => "SLIPWAY_OUTPUT_" + Upper(name);

    /// <summary><c>SLIPWAY_MATRIX_LR</c>: this sweep variant's value of <c>lr</c>.</summary>
    public static string Matrix(string name) => "SLIPWAY_MATRIX_" + Upper(name);

    private static string Upper(string name) => name.Replace('-', '_').ToUpperInvariant();
}
