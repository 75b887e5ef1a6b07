namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/delete-tag</c>.</summary>
internal sealed record RunKeyRequest
{
    public string? RunId { get; init; }

    public string? Key { get; init; }
}
