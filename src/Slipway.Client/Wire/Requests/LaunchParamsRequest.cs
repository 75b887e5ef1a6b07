namespace Slipway.Client.Wire.Requests;

/// <summary>Body of a launch of a registered pipeline (<c>POST /api/v1/pipelines/{name}/runs</c>) and of a webhook call.</summary>
internal sealed record LaunchParamsRequest
{
    public Dictionary<string, string>? Params { get; init; }
}
