namespace Slipway.Pipelines.Specs;

/// <summary>
/// How often a failed step is tried again (<see cref="Count"/> retries after the first attempt) and how long to wait
/// before each: <see cref="Backoff"/>, doubled after every retry.
/// </summary>
public sealed record RetryPolicy(int Count, TimeSpan Backoff)
{
    public static RetryPolicy None { get; } = new(0, TimeSpan.Zero);

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 is the first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt) =>
        nextAttempt <= 1 ? TimeSpan.Zero : Backoff * Math.Pow(2, Math.Min(nextAttempt - 2, 20));
}
