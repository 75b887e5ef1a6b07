namespace Slipway.Core.Security;

/// <summary>
/// An access level on one experiment or registered model, as MLflow's permissions define them: READ reads,
/// EDIT also updates, MANAGE also deletes and grants, NO_PERMISSIONS denies everything (a grant of it overrides
/// a workspace role).
/// </summary>
public enum AccessLevel
{
    NoPermissions = 0,
    Read = 1,
    Edit = 2,
    Manage = 3,
}
