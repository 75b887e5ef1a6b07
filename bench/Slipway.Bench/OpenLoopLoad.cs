using System.Diagnostics;
using System.Net;

namespace Slipway.Bench;

/// <summary>
/// A constant-rate (open-loop) HTTP load generator, as wrk2 is: requests are scheduled at fixed intervals whatever the
/// server does, and each latency is measured from the request's scheduled send time, not from when it was actually sent.
/// A closed-loop generator (wrk, <see cref="LoadRunner"/>) waits for a slow response before sending the next request
/// and so never measures the queue that slow response built: coordinated omission. Each of the connections has its own
/// schedule at rate / connections, offset so that together they send evenly; a connection whose previous response is
/// late sends at once, and the lateness counts in the next request's latency too. Bounded: it stops after warm-up plus
/// duration.
/// </summary>
public static class OpenLoopLoad
{
    public static OpenLoopResult Run(Uri baseUri, string path, byte[] body, double rate, int connections, TimeSpan warmup, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        var endPoint = new IPEndPoint(IPAddress.Parse(baseUri.Host), baseUri.Port);
        var request = RawHttpConnection.Post(baseUri, path, body);
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 5);
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perConnection = (int)(rate * duration.TotalSeconds / connections) + 16;
        var latencies = new List<double>[connections];
        var lags = new List<double>[connections];
        var errors = new long[connections];
        var lastDone = new long[connections];
        var threads = new Thread[connections];
        for (var c = 0; c < connections; c++)
        {
            var index = c;
            latencies[c] = new List<double>(perConnection);
            lags[c] = new List<double>(perConnection);
            threads[c] = new Thread(() =>
            {
                using var connection = new RawHttpConnection(endPoint);
                long previousDone = 0;
                for (long k = 0; ; k++)
                {
                    var scheduled = start + (long)((index + (k * connections)) * interval);
                    if (scheduled >= end)
                    {
                        break;
                    }

                    PreciseSleep.Until(scheduled);
                    var sent = Stopwatch.GetTimestamp();
                    var status = connection.Send(request);
                    var done = Stopwatch.GetTimestamp();
                    var busyUntil = previousDone;
                    previousDone = done;
                    if (scheduled < measureFrom)
                    {
                        continue;
                    }

                    lastDone[index] = done;
                    latencies[index].Add((done - scheduled) * 1000.0 / Stopwatch.Frequency);
                    if (busyUntil <= scheduled)
                    {
                        // The connection was free before the send was due, so any lateness is the generator's own
                        // (waking up late), not the server's: reported apart, to show how far the figures can be trusted.
                        lags[index].Add((sent - scheduled) * 1000.0 / Stopwatch.Frequency);
                    }

                    if (status is < 200 or > 299)
                    {
                        errors[index]++;
                    }
                }
            })
            {
                IsBackground = true,
                Name = $"open-loop {c}",
            };
            threads[c].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var all = latencies.SelectMany(l => l).ToArray();
        var allLags = lags.SelectMany(l => l).ToArray();
        Array.Sort(all);
        Array.Sort(allLags);
        // Achieved: the measured requests over the time from the window's start to the last response, which is longer
        // than the window when the server fell behind.
        var elapsed = TimeSpan.FromSeconds((lastDone.Max() - measureFrom) / (double)Stopwatch.Frequency);
        return new OpenLoopResult(rate, connections, elapsed, all.Length, errors.Sum(), all, allLags);
    }
}
