namespace Slipway.Client.Wire;

/// <summary>The body of an MLflow error response.</summary>
internal sealed record WireError
{
    public string? ErrorCode { get; init; }

    public string? Message { get; init; }
}
