namespace Slipway.Server.Serving;

/// <summary>The error body each inference protocol defines.</summary>
public enum InferenceErrorShape
{
    /// <summary>Open Inference Protocol V2 and KServe V1: <c>{"error": "..."}</c>.</summary>
    Kserve,

    /// <summary>MLflow's scoring server: <c>{"error_code": "...", "message": "..."}</c>.</summary>
    Mlflow,
}
