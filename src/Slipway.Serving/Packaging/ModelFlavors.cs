namespace Slipway.Serving.Packaging;

/// <summary>The flavors of an <c>MLmodel</c> descriptor that Slipway can serve, each with its runtime.</summary>
public static class ModelFlavors
{
    /// <summary>MLflow's own <c>onnx</c> flavor, so models logged with <c>mlflow.onnx.log_model</c> serve unchanged.</summary>
    public const string Onnx = "onnx";

    /// <summary>ML.NET <c>.zip</c> models; MLflow has no flavor for them, so the name is Slipway's.</summary>
    public const string MlNet = "mlnet";

    public static IReadOnlyList<string> All { get; } = [Onnx, MlNet];
}
