namespace Slipway.Core.Tracking;

/// <summary>Reserved tag keys with meaning to MLflow clients.</summary>
public static class SystemTags
{
    public const string RunName = "mlflow.runName";
    public const string User = "mlflow.user";
    public const string ParentRunId = "mlflow.parentRunId";
    public const string LoggedModels = "mlflow.log-model.history";
}
