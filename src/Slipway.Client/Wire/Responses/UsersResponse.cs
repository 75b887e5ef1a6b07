namespace Slipway.Client.Wire.Responses;

internal sealed record UsersResponse
{
    public List<WireUser>? Users { get; init; }
}
