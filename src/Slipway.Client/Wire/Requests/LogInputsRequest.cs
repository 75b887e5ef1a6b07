namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/log-inputs</c>.</summary>
internal sealed record LogInputsRequest
{
    public string? RunId { get; init; }

    public List<WireDatasetInput>? Datasets { get; init; }
}
