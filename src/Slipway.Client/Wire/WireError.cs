namespace Slipway.Client.Wire;

/// <summary>
/// The body of an error response: MLflow's <c>error_code</c> and <c>message</c>, or the inference protocols'
/// (Open Inference Protocol, KServe V1) single <c>error</c>.
/// </summary>
internal sealed record WireError
{
    public string? ErrorCode { get; init; }

    public string? Message { get; init; }

    public string? Error { get; init; }
}
