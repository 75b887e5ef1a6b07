namespace Slipway.Core.Registry;

public enum ModelVersionStatus
{
    PendingRegistration,
    FailedRegistration,
    Ready,
}
