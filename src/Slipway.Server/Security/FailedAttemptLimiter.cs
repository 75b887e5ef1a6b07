using System.Threading.RateLimiting;

namespace Slipway.Server.Security;

/// <summary>
/// Limits failed sign-in attempts per client address: after <c>permitsPerMinute</c> failures within a minute the
/// client is refused (429) until the window ends, so passwords cannot be guessed at speed and Argon2 cannot be
/// used to burn the server's CPU.
/// </summary>
public sealed class FailedAttemptLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedAttemptLimiter(int permitsPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerMinute, 1);
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
            client,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permitsPerMinute,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public static TimeSpan Window { get; } = TimeSpan.FromMinutes(1);

    public bool IsBlocked(string client) => _limiter.GetStatistics(client) is { CurrentAvailablePermits: <= 0 };

    public void RecordFailure(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
    }

    public void Dispose() => _limiter.Dispose();
}
