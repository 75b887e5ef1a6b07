using Slipway.Core.Serving;

namespace Slipway.Client.Deployments;

/// <summary>
/// A deployment: a named model endpoint of the workspace at its current <see cref="Revision"/> (1 when created, one
/// more with every change), its configuration (<see cref="Spec"/>: weighted targets, shadow, sticky header, batching,
/// inference logging) and what the answering server serves for it (<see cref="Status"/>). Times are milliseconds since
/// the Unix epoch; <see cref="CreatedBy"/> and <see cref="UpdatedBy"/> are users, when the server knows them.
/// </summary>
public sealed record DeploymentInfo(
    string Name,
    string? Description,
    long Revision,
    DeploymentSpec Spec,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? CreatedBy,
    string? UpdatedBy,
    DeploymentStatus Status);
