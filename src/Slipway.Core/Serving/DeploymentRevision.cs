namespace Slipway.Core.Serving;

/// <summary>
/// One entry of a deployment's history: the spec it had from that revision on, when and by whom it was written, and
/// a short human account of the change ("created", "updated", "rolled back to revision 2"). Revisions are only ever
/// appended, so the history shows every spec the deployment served.
/// </summary>
public sealed record DeploymentRevision(long Revision, DeploymentSpec Spec, long CreationTimestamp, string? CreatedBy, string Change);
