namespace Slipway.Core.Tracking;

/// <summary>Soft-delete state of experiments and runs.</summary>
public enum LifecycleStage
{
    Active,
    Deleted,
}
