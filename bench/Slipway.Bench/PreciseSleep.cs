using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Slipway.Bench;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> timestamp with clock_nanosleep, which wakes within tens of microseconds on
/// Linux; <see cref="Thread.Sleep(int)"/> and timers have millisecond granularity, too coarse to pace requests a fraction
/// of a millisecond apart.
/// </summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;

    public static void Until(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            var request = Timespec.FromTicks(remaining);
            _ = ClockNanosleep(ClockMonotonic, 0, ref request, IntPtr.Zero);
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remaining);
}
