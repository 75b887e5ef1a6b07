namespace Slipway.Core.Serving;

/// <summary>
/// A named model endpoint in a workspace, at its current <see cref="Revision"/> (1 when created, one more with each
/// change). Times are milliseconds since the Unix epoch; <see cref="CreatedBy"/> and <see cref="UpdatedBy"/> are the
/// users who created it and made its latest change, when known.
/// </summary>
public sealed record Deployment(
    string Name,
    string? Description,
    long Revision,
    DeploymentSpec Spec,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? CreatedBy,
    string? UpdatedBy);
