namespace Slipway.Core.Tracking;

public enum RunStatus
{
    Running,
    Scheduled,
    Finished,
    Failed,
    Killed,
}
