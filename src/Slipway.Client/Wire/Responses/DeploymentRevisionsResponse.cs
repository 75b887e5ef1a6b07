namespace Slipway.Client.Wire.Responses;

internal sealed record DeploymentRevisionsResponse
{
    public List<WireDeploymentRevision>? Revisions { get; init; }
}
