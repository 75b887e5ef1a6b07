namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/deployments/{name}/rollback</c>: the revision to restore, the previous one when null.</summary>
internal sealed record RollbackDeploymentRequest
{
    public long? Revision { get; init; }
}
