namespace Slipway.Client.Wire.Responses;

internal sealed record DeploymentsResponse
{
    public List<WireDeployment>? Deployments { get; init; }
}
