using System.Diagnostics;

namespace Slipway.Bench;

/// <summary>
/// Runs a request function on N concurrent connections for a fixed time after a warm-up, recording
/// every latency. Bounded in time and count: it always stops by itself.
/// </summary>
public static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(
        string scenario,
        int connections,
        TimeSpan warmup,
        TimeSpan duration,
        long valuesPerRequest,
        Func<int, long, Task<bool>> sendAsync)
    {
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureEnd = warmupEnd + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[connections];
        var errors = new long[connections];
        var workers = new Task[connections];
        for (var c = 0; c < connections; c++)
        {
            var connection = c;
            latencies[c] = new List<double>(100_000);
            workers[c] = Task.Run(async () =>
            {
                long sequence = 0;
                while (true)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (start >= measureEnd)
                    {
                        break;
                    }

                    var ok = await sendAsync(connection, sequence++);
                    var end = Stopwatch.GetTimestamp();
                    if (start >= warmupEnd)
                    {
                        latencies[connection].Add((end - start) * 1000.0 / Stopwatch.Frequency);
                        if (!ok)
                        {
                            errors[connection]++;
                        }
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(scenario, connections, all.Length, errors.Sum(), duration, all, valuesPerRequest);
    }
}
