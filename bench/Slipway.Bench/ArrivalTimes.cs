using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Slipway.Bench;

/// <summary>
/// Receives from a TCP socket together with the time the kernel took the data in (SO_TIMESTAMPNS), as a
/// <see cref="Stopwatch"/> timestamp: when a response arrived, whenever the reader gets round to it. That frees the
/// constant-rate generator from waking up for every response just to time it, and keeps its own scheduling delays out of
/// the latencies, as if it ran on another machine.
/// </summary>
internal static unsafe partial class ArrivalTimes
{
    /// <summary>What <see cref="Receive"/> returns when nothing has arrived (-EAGAIN).</summary>
    public const int WouldBlock = -11;

    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;
    private const int ScmTimestampNs = SoTimestampNs;
    private const int MsgDontWait = 0x40;
    private const int ClockRealtime = 0;
    private const int Interrupted = 4;

    public static void Enable(Socket socket) => socket.SetRawSocketOption(SolSocket, SoTimestampNs, [1, 0, 0, 0]);

    /// <summary>
    /// Reads what has arrived, without blocking: the byte count (0: the peer closed the connection) with, in
    /// <paramref name="arrived"/>, when the last of those bytes arrived (the time of the call where the kernel gave
    /// none); or minus the errno, <see cref="WouldBlock"/> when nothing has arrived.
    /// </summary>
    public static int Receive(int fd, Span<byte> buffer, out long arrived)
    {
        // struct cmsghdr (16 bytes) and one struct timespec; room to spare.
        var control = stackalloc byte[64];
        fixed (byte* data = buffer)
        {
            var iov = new IoVector { Base = data, Length = (nuint)buffer.Length };
            var message = new MessageHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = 64 };
            nint read;
            do
            {
                read = RecvMsg(fd, &message, MsgDontWait);
            }
            while (read < 0 && Marshal.GetLastPInvokeError() == Interrupted);

            var now = Stopwatch.GetTimestamp();
            arrived = now;
            if (read < 0)
            {
                return -Marshal.GetLastPInvokeError();
            }

            for (nuint offset = 0; offset + 16 <= message.ControlLength;)
            {
                var length = *(nuint*)(control + offset);
                if (length < 16)
                {
                    break;
                }

                if (*(int*)(control + offset + 8) == SolSocket && *(int*)(control + offset + 12) == ScmTimestampNs)
                {
                    var stamp = (Timespec*)(control + offset + 16);
                    Timespec realtime;
                    _ = ClockGetTime(ClockRealtime, &realtime);
                    // The kernel stamps in wall-clock time; how long ago, on the monotonic clock the schedule uses.
                    var agoNanoseconds = ((realtime.Seconds - stamp->Seconds) * 1_000_000_000) + (realtime.Nanoseconds - stamp->Nanoseconds);
                    arrived = now - (long)(Math.Max(agoNanoseconds, 0) * (Stopwatch.Frequency / 1_000_000_000.0));
                    break;
                }

                offset += (length + 7) & ~(nuint)7;
            }

            return (int)read;
        }
    }

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    [SuppressGCTransition]
    private static partial int ClockGetTime(int clock, Timespec* time);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
