using System.Runtime.InteropServices;

namespace Slipway.Bench;

/// <summary>
/// Linux epoll, called directly: .NET's own socket engine is asynchronous, with a continuation and a thread-pool hop per
/// completion, which is the overhead the constant-rate generator exists to avoid.
/// </summary>
internal static partial class Epoll
{
    public const uint In = 0x001;
    public const uint Out = 0x004;
    public const uint Error = 0x008;
    public const uint HangUp = 0x010;

    public const int Add = 1;
    public const int Delete = 2;
    public const int Modify = 3;

    private const int CloseOnExec = 0x80000;

    public static int Create()
    {
        var epoll = Create1(CloseOnExec);
        return epoll >= 0 ? epoll : throw new IOException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    public static void Control(int epoll, int operation, int fd, uint events, ulong data)
    {
        var ev = new Event { Events = events, Data = data };
        if (Ctl(epoll, operation, fd, ref ev) < 0)
        {
            throw new IOException($"epoll_ctl({operation}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>epoll_pwait2: like epoll_wait, with a nanosecond timeout (null: none); -1 when a signal interrupted it.</summary>
    [LibraryImport("libc", EntryPoint = "epoll_pwait2", SetLastError = true)]
    public static unsafe partial int Wait(int epoll, Event* events, int capacity, Timespec* timeout, IntPtr signalMask);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int Create1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int Ctl(int epoll, int operation, int fd, ref Event ev);

    /// <summary>struct epoll_event, which x86-64 Linux packs: 12 bytes, the data at offset 4.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct Event
    {
        public uint Events;
        public ulong Data;
    }
}
