using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Slipway.Bench;

/// <summary>struct timespec, for the Linux calls the constant-rate generator makes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;

    /// <summary>A duration given in <see cref="Stopwatch"/> ticks; negative counts as zero.</summary>
    public static Timespec FromTicks(long ticks)
    {
        var nanoseconds = (long)(Math.Max(ticks, 0) * (1_000_000_000.0 / Stopwatch.Frequency));
        return new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
    }
}
