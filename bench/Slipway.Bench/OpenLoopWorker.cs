using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Slipway.Bench;

/// <summary>
/// One thread of <see cref="OpenLoopLoad"/>: its share of the connections, non-blocking, in one epoll set. Each turn of
/// the loop records the responses that have arrived, sends every request that is due on a free connection, and sleeps
/// until the next send is due. It does not wake up for a response unless that response holds up a send that is already
/// due: the kernel stamps each response with its arrival time (<see cref="ArrivalTimes"/>), so it can be read at the
/// next wake-up with its latency intact. Waking for every response as well cost as much CPU as a thread per connection
/// did (perf: the context switches were a third of it); this way a request costs a send, a receive and less than one
/// wake-up (sends due close together share one). Nothing is allocated per request.
/// </summary>
internal sealed class OpenLoopWorker : IDisposable
{
    /// <summary>The latency above which a measured request goes to the slow log.</summary>
    public const double SlowMs = 2;

    private readonly IPEndPoint _endPoint;
    private readonly byte[] _request;
    private readonly OpenLoopSchedule _schedule;
    private readonly Connection[] _connections;
    private readonly Epoll.Event[] _events;
    private readonly int _epoll;

    public OpenLoopWorker(IPEndPoint endPoint, byte[] request, OpenLoopSchedule schedule, int[] connections, int capacity, bool logSlow)
    {
        _endPoint = endPoint;
        _request = request;
        _schedule = schedule;
        _connections = [.. connections.Select((c, slot) => new Connection(c, slot, schedule.At(c, 0)))];
        _events = new Epoll.Event[connections.Length];
        _epoll = Epoll.Create();
        LatenciesMs = new List<double>(capacity);
        LagsMs = new List<double>(capacity);
        Slow = logSlow ? new List<(double, double)>(capacity) : null;
    }

    /// <summary>Latencies of the measured requests, from scheduled time to the arrival of the whole response.</summary>
    public List<double> LatenciesMs { get; }

    /// <summary>For measured requests whose connection was free when they were due: actual send time minus scheduled time.</summary>
    public List<double> LagsMs { get; }

    /// <summary>Measured requests slower than <see cref="SlowMs"/>, when asked for: scheduled ms since the window began, latency.</summary>
    public List<(double AtMs, double LatencyMs)>? Slow { get; }

    /// <summary>Measured requests answered with a status other than 2xx, or lost with their connection.</summary>
    public long Errors { get; private set; }

    /// <summary>When the last measured response arrived.</summary>
    public long LastDone { get; private set; }

    public void Run()
    {
        // Connected ahead of the start, so that the first requests do not wait for a handshake.
        foreach (var connection in _connections)
        {
            _ = Connect(connection);
        }

        while (true)
        {
            var next = long.MaxValue;
            var outstanding = false;
            var heldUp = false;
            foreach (var connection in _connections)
            {
                // A loop, for a send that fails at once (no connection) completes its request and the next may be due.
                while (!connection.Busy && connection.Scheduled < _schedule.End && connection.Scheduled <= Stopwatch.GetTimestamp())
                {
                    Send(connection);
                }

                // A busy connection's next send is still a time to wake at: its response may have arrived unread. If
                // that send is due already, the response is awaited (as is the socket, when the request did not fit).
                var upcoming = connection.Busy ? _schedule.At(connection.Index, connection.K + 1) : connection.Scheduled;
                outstanding |= connection.Busy;
                if (connection.Busy && (connection.WatchingOut || (upcoming < _schedule.End && upcoming <= Stopwatch.GetTimestamp())))
                {
                    heldUp = true;
                }
                else if (upcoming < _schedule.End)
                {
                    next = Math.Min(next, upcoming);
                }
            }

            if (next == long.MaxValue && !outstanding)
            {
                return;
            }

            if (heldUp || next == long.MaxValue)
            {
                // A late response holds up a due send (which goes the moment it arrives), or only responses are left.
                Wait(until: next);
            }
            else
            {
                // clock_nanosleep rather than epoll with a timeout, so that responses do not cut the sleep short. The
                // kernel lets a sleep overrun by the thread's timer slack (50 µs by default) to wake it together with
                // other timers: that bounds the lag well under the 0.1-0.2 ms that would matter against a
                // millisecond-scale p99, coalesces wake-ups, and costs no spinning, so the slack is left as it is.
                PreciseSleep.Until(next);
                Wait(until: 0);
            }
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Socket?.Dispose();
        }

        _ = Epoll.Close(_epoll);
    }

    /// <summary>
    /// Handles the sockets that are ready, waiting for one until <paramref name="until"/> (a timestamp; 0: not at all;
    /// <see cref="long.MaxValue"/>: as long as it takes). epoll_pwait2, for its nanosecond timeout: epoll_wait's whole
    /// milliseconds would make a send up to a millisecond late.
    /// </summary>
    private unsafe void Wait(long until)
    {
        int count;
        fixed (Epoll.Event* events = _events)
        {
            if (until == long.MaxValue)
            {
                count = Epoll.Wait(_epoll, events, _events.Length, null, IntPtr.Zero);
            }
            else
            {
                var timeout = Timespec.FromTicks(until - Stopwatch.GetTimestamp());
                count = Epoll.Wait(_epoll, events, _events.Length, &timeout, IntPtr.Zero);
            }
        }

        for (var i = 0; i < count; i++)
        {
            var connection = _connections[(int)_events[i].Data];
            var ready = _events[i].Events;
            if ((ready & Epoll.Out) != 0 && connection.Busy && connection.Socket is not null)
            {
                ContinueSend(connection);
            }

            if ((ready & (Epoll.In | Epoll.Error | Epoll.HangUp)) != 0 && connection.Socket is not null)
            {
                Receive(connection);
            }
        }
    }

    private void Send(Connection connection)
    {
        if (connection.FreeSince <= connection.Scheduled && connection.Scheduled >= _schedule.MeasureFrom)
        {
            // The connection was free before the send was due, so any lateness is the generator's own (waking up
            // late), not the server's: reported apart, to show how far the figures can be trusted.
            LagsMs.Add(Milliseconds(Stopwatch.GetTimestamp() - connection.Scheduled));
        }

        if (connection.Socket is null && !Connect(connection))
        {
            Complete(connection, 0, Stopwatch.GetTimestamp());
            return;
        }

        connection.Busy = true;
        connection.Sent = 0;
        ContinueSend(connection);
    }

    private void ContinueSend(Connection connection)
    {
        var sent = connection.Socket!.Send(_request.AsSpan(connection.Sent), SocketFlags.None, out var error);
        if (error == SocketError.Success)
        {
            connection.Sent += sent;
        }
        else if (error != SocketError.WouldBlock)
        {
            Fail(connection, Stopwatch.GetTimestamp());
            return;
        }

        // One small request in flight rarely fills a socket's send buffer, but if it does, the rest goes when it drains.
        var unsent = connection.Sent < _request.Length;
        if (unsent != connection.WatchingOut)
        {
            Epoll.Control(_epoll, Epoll.Modify, connection.Fd, unsent ? Epoll.In | Epoll.Out : Epoll.In, (ulong)connection.Slot);
            connection.WatchingOut = unsent;
        }
    }

    private void Receive(Connection connection)
    {
        var read = ArrivalTimes.Receive(connection.Fd, connection.Reader.FreeSpace, out var arrived);
        if (read == ArrivalTimes.WouldBlock)
        {
            return;
        }

        if (read <= 0 || !connection.Busy)
        {
            // Closed, reset, or bytes nobody asked for: either way the connection is done. A request in flight is lost
            // with it; an idle connection (the server closed it between requests) costs nothing, and the next send
            // reconnects.
            if (connection.Busy)
            {
                Fail(connection, arrived);
            }
            else
            {
                Close(connection);
            }

            return;
        }

        connection.Reader.Advance(read);
        int status;
        try
        {
            if (!connection.Reader.TryRead(out status))
            {
                return;
            }
        }
        catch (FormatException)
        {
            Fail(connection, arrived);
            return;
        }

        Complete(connection, status, arrived);
        if (connection.Reader.Closes)
        {
            Close(connection);
        }
    }

    /// <summary>Counts the request in flight as an error, failed at <paramref name="at"/>, and drops the connection; the next send reconnects.</summary>
    private void Fail(Connection connection, long at)
    {
        Close(connection);
        Complete(connection, 0, at);
    }

    private void Complete(Connection connection, int status, long done)
    {
        var scheduled = connection.Scheduled;
        if (scheduled >= _schedule.MeasureFrom)
        {
            var latency = Milliseconds(done - scheduled);
            LatenciesMs.Add(latency);
            LastDone = Math.Max(LastDone, done);
            if (status is < 200 or > 299)
            {
                Errors++;
            }

            if (latency > SlowMs)
            {
                Slow?.Add((Milliseconds(scheduled - _schedule.MeasureFrom), latency));
            }
        }

        if (connection.Busy && connection.Sent < _request.Length)
        {
            // Answered before the whole request went out: the rest would reach the server as the next request's start.
            Close(connection);
        }

        connection.Busy = false;
        connection.FreeSince = done;
        connection.Scheduled = _schedule.At(connection.Index, ++connection.K);
    }

    /// <summary>
    /// Connects blocking, then switches to non-blocking: it happens once per connection but for failures, and on
    /// loopback a connect completes (or is refused) at once, so the event loop needs no connecting state.
    /// </summary>
    private bool Connect(Connection connection)
    {
        var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(_endPoint);
            socket.Blocking = false;
            ArrivalTimes.Enable(socket);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return false;
        }

        connection.Socket = socket;
        connection.Fd = (int)socket.Handle;
        connection.WatchingOut = false;
        connection.Reader.Reset();
        Epoll.Control(_epoll, Epoll.Add, connection.Fd, Epoll.In, (ulong)connection.Slot);
        return true;
    }

    private void Close(Connection connection)
    {
        if (connection.Socket is null)
        {
            return;
        }

        Epoll.Control(_epoll, Epoll.Delete, connection.Fd, 0, 0);
        connection.Socket.Dispose();
        connection.Socket = null;
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private sealed class Connection(int index, int slot, long firstScheduled)
    {
        /// <summary>Its number among all the generator's connections, which fixes its schedule.</summary>
        public int Index { get; } = index;

        /// <summary>Its place in this worker's connections: the data its epoll events carry.</summary>
        public int Slot { get; } = slot;

        public HttpResponseReader Reader { get; } = new();

        public Socket? Socket { get; set; }

        public int Fd { get; set; }

        /// <summary>The number of its next request, or of the one in flight.</summary>
        public long K { get; set; }

        /// <summary>When request <see cref="K"/> is (or was) due.</summary>
        public long Scheduled { get; set; } = firstScheduled;

        /// <summary>Whether request <see cref="K"/> is sent (or being sent) and its response not yet read.</summary>
        public bool Busy { get; set; }

        /// <summary>Bytes of the request in flight sent so far.</summary>
        public int Sent { get; set; }

        public bool WatchingOut { get; set; }

        /// <summary>When its previous response arrived (0: none yet).</summary>
        public long FreeSince { get; set; }
    }
}
