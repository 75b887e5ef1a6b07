using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace Slipway.Bench;

/// <summary>
/// A constant-rate (open-loop) HTTP load generator, as wrk2 is: requests are scheduled at fixed intervals whatever the
/// server does, and each latency is measured from the request's scheduled send time, not from when it was actually sent,
/// to the arrival of its whole response. A closed-loop generator (wrk, <see cref="LoadRunner"/>) waits for a slow
/// response before sending the next request and so never measures the queue that slow response built: coordinated
/// omission. Each of the connections has its own schedule at rate / connections, offset so that together they send
/// evenly (<see cref="OpenLoopSchedule"/>); a connection whose previous response is late sends as soon as it arrives
/// (keep-alive, no pipelining), and the lateness counts in the next request's latency too. Bounded: it stops after
/// warm-up plus duration and the responses still outstanding then.
/// <para>
/// Built like wrk2 for the same reason: the generator shares the server's two cores, and its own CPU time and context
/// switches land in the tail latency it measures. A few threads (<see cref="OpenLoopWorker"/>) each drive a share of
/// the connections with non-blocking sockets and one epoll set, rather than a thread per connection blocking in sleep,
/// send and receive; and they time responses by the kernel's arrival stamp rather than waking up for each. Most of what
/// a request costs the generator is the kernel's (the send runs the server's side of loopback TCP too); the wake-ups are
/// the part a design can save.
/// </para>
/// </summary>
public static class OpenLoopLoad
{
    /// <summary>
    /// Runs the load; when <paramref name="slowLogPath"/> is given, also writes there one line per measured request
    /// slower than <see cref="OpenLoopWorker.SlowMs"/>: its scheduled time in ms since the measured window began and its
    /// latency in ms, in time order, to show whether slow requests come alone or in bursts (a pause, a collection).
    /// </summary>
    public static OpenLoopResult Run(
        Uri baseUri, string path, byte[] body, double rate, int connections, int threads, TimeSpan warmup, TimeSpan duration, string? slowLogPath = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            // epoll is Linux's, and Epoll.Event has x86-64's packed layout.
            throw new PlatformNotSupportedException("The open-loop generator needs Linux on x86-64.");
        }

        threads = Math.Min(threads, connections);
        var endPoint = new IPEndPoint(IPAddress.Parse(baseUri.Host), baseUri.Port);
        var request = RawHttpConnection.Post(baseUri, path, body);
        // Time enough to start the threads and connect before the first request is due.
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 5);
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var schedule = new OpenLoopSchedule(
            start, Stopwatch.Frequency / rate, connections, measureFrom, measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        var perConnection = (int)(rate * duration.TotalSeconds / connections) + 2;
        var workers = new OpenLoopWorker[threads];
        var running = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            // Every threads-th connection, so each thread's sends are spread evenly over time rather than bunched.
            var owned = Enumerable.Range(0, connections).Where(c => c % threads == t).ToArray();
            workers[t] = new OpenLoopWorker(endPoint, request, schedule, owned, owned.Length * perConnection, slowLogPath is not null);
            running[t] = new Thread(workers[t].Run) { IsBackground = true, Name = $"open-loop {t}" };
        }

        try
        {
            foreach (var thread in running)
            {
                thread.Start();
            }

            foreach (var thread in running)
            {
                thread.Join();
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        var all = workers.SelectMany(w => w.LatenciesMs).ToArray();
        var allLags = workers.SelectMany(w => w.LagsMs).ToArray();
        Array.Sort(all);
        Array.Sort(allLags);
        if (slowLogPath is not null)
        {
            var slow = workers.SelectMany(w => w.Slow!).OrderBy(s => s.AtMs);
            File.WriteAllLines(slowLogPath, slow.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.AtMs:F3} {s.LatencyMs:F3}")));
        }

        // Achieved: the measured requests over the time from the window's start to the last response, which is longer
        // than the window when the server fell behind.
        var elapsed = TimeSpan.FromSeconds((workers.Max(w => w.LastDone) - measureFrom) / (double)Stopwatch.Frequency);
        return new OpenLoopResult(rate, connections, elapsed, all.Length, workers.Sum(w => w.Errors), all, allLags);
    }
}
