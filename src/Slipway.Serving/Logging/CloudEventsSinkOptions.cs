namespace Slipway.Serving.Logging;

/// <summary>How patiently <see cref="CloudEventsSink"/> posts to a webhook.</summary>
public sealed record CloudEventsSinkOptions
{
    /// <summary>How long one POST may take, retries apart.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Further tries after a timeout, a network error, 408, 429 or a 5xx; other answers are not retried.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>The wait before the first retry; it doubles for each one after.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}
