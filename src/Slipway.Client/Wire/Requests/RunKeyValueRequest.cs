namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/log-parameter</c> and <c>runs/set-tag</c>.</summary>
internal sealed record RunKeyValueRequest
{
    public string? RunId { get; init; }

    public string? Key { get; init; }

    public string? Value { get; init; }
}
