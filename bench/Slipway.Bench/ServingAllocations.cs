using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using Slipway.Server.Hosting;

namespace Slipway.Bench;

/// <summary>
/// What one V2 REST request allocates on the server: starts a Slipway server in this process on a fresh data directory,
/// deploys the serving benchmark's model, sends requests one at a time over one keep-alive connection, and reports the
/// process's allocated bytes per request, the gen0 collections, and the types the runtime's allocation sampling saw
/// most (one sample about every 100 KB, so the figures per type are estimates). The client side allocates nothing per
/// request (<see cref="RawHttpConnection"/>), so the bytes are the server's. Tail latency on two shared cores is
/// mostly gen0 collections, which happen in proportion to these bytes.
/// </summary>
public static class ServingAllocations
{
    public static async Task RunAsync(int requests, string path)
    {
        var data = Directory.CreateTempSubdirectory("slipway-alloc-");
        try
        {
            await using var server = await SlipwayServer.StartAsync(new ServerOptions { Port = 0, DataDirectory = data.FullName });
            var baseUri = new Uri(server.Addresses[0]);
            using (var client = new MlflowLoadClient(baseUri, 2))
            {
                await ServingSetup.RunAsync(client, data.FullName, [("linear", 0), ("linear-logged", 1)]);
            }

            using var connection = new RawHttpConnection(new IPEndPoint(IPAddress.Loopback, baseUri.Port));
            var request = RawHttpConnection.Post(baseUri, path, ServingSetup.OneRowV2Body());
            Send(connection, request, requests / 2);

            // Counted first without the sampler: a listener on the runtime's GC events makes each collection's pause longer.
            var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
            var gen0Before = GC.CollectionCount(0);
            var pauseBefore = GC.GetTotalPauseDuration();
            Send(connection, request, requests);
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
            var gen0 = GC.CollectionCount(0) - gen0Before;
            var pause = GC.GetTotalPauseDuration() - pauseBefore;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"# {path}: {requests:N0} requests, {bytes / (double)requests:F0} bytes allocated per request, {gen0} gen0 collections pausing {pause.TotalMilliseconds / Math.Max(gen0, 1):F2} ms each ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)"));

            using var sampler = new AllocationSampler();
            Send(connection, request, requests);
            sampler.Dispose();
            Console.WriteLine("| type | sampled bytes per request | share |");
            Console.WriteLine("|---|---:|---:|");
            var total = sampler.Bytes.Values.Sum();
            foreach (var (type, sampled) in sampler.Bytes.OrderByDescending(p => p.Value).Take(25))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Qualify(type)} | {sampled / (double)requests:F0} | {100.0 * sampled / total:F1} % |"));
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Compiler-generated closure and state-machine types are sampled by their bare names; this adds the types that declare them.</summary>
    private static string Qualify(string type)
    {
        if (!type.StartsWith('<'))
        {
            return type;
        }

        var owners = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name is { } n && (n.StartsWith("Slipway", StringComparison.Ordinal) || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("Microsoft.ML", StringComparison.Ordinal) || n.StartsWith("prometheus", StringComparison.Ordinal)))
            .SelectMany(a =>
            {
                try
                {
                    return a.GetTypes();
                }
                catch (System.Reflection.ReflectionTypeLoadException ex)
                {
                    return ex.Types.OfType<Type>().ToArray();
                }
            })
            .Where(t => t.Name == type && t.DeclaringType is not null)
            .Select(t => t.DeclaringType!.FullName)
            .Take(6);
        return $"{type} ({string.Join("; ", owners)})";
    }

    private static void Send(RawHttpConnection connection, byte[] request, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var status = connection.Send(request);
            if (status != 200)
            {
                throw new InvalidOperationException($"Request {i} answered {status}.");
            }
        }
    }

    /// <summary>Sums the runtime's GCAllocationTick events (one per ~100 KB allocated) by the type that triggered them.</summary>
    private sealed class AllocationSampler : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;

        public ConcurrentDictionary<string, long> Bytes { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
            {
                return;
            }

            var names = eventData.PayloadNames!;
            var type = eventData.Payload[names.IndexOf("TypeName")] as string ?? "?";
            var amountIndex = names.IndexOf("AllocationAmount64");
            var amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture) : 100_000;
            Bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        }
    }
}
