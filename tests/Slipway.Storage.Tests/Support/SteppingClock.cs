namespace Slipway.Storage.Tests.Support;

/// <summary>A clock that moves forward one millisecond each time it is read, so every change gets a later timestamp.</summary>
internal sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() =>
        new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
