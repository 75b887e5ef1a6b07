namespace Slipway.Core.Tracking;

/// <summary>
/// Canonical upper-case names of tracking enums (as MLflow spells them) and their parsing.
/// Stores persist these names, so they must never change.
/// </summary>
public static class EnumNames
{
    public static string ToName(this RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParseRunStatus(string? text, out RunStatus status)
    {
        switch (text?.ToUpperInvariant())
        {
            case "RUNNING": status = RunStatus.Running; return true;
            case "SCHEDULED": status = RunStatus.Scheduled; return true;
            case "FINISHED": status = RunStatus.Finished; return true;
            case "FAILED": status = RunStatus.Failed; return true;
            case "KILLED": status = RunStatus.Killed; return true;
            default: status = default; return false;
        }
    }

    public static string ToName(this LifecycleStage stage) => stage == LifecycleStage.Active ? "active" : "deleted";

    public static LifecycleStage ParseLifecycleStage(string text) =>
        text == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active;

    public static string ToName(this ViewType viewType) => viewType switch
    {
        ViewType.ActiveOnly => "ACTIVE_ONLY",
        ViewType.DeletedOnly => "DELETED_ONLY",
        _ => "ALL",
    };

    public static bool TryParseViewType(string? text, out ViewType viewType)
    {
        switch (text?.ToUpperInvariant())
        {
            case null or "" or "ACTIVE_ONLY" or "1": viewType = ViewType.ActiveOnly; return true;
            case "DELETED_ONLY" or "2": viewType = ViewType.DeletedOnly; return true;
            case "ALL" or "3": viewType = ViewType.All; return true;
            default: viewType = default; return false;
        }
    }
}
