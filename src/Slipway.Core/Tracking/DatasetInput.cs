namespace Slipway.Core.Tracking;

/// <summary>A dataset used by a run, with input tags such as <c>mlflow.data.context</c>.</summary>
public sealed record DatasetInput(Dataset Dataset, IReadOnlyList<Tag> Tags)
{
    public const string ContextTag = "mlflow.data.context";
}
