using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Slipway.Bench;

/// <summary>
/// What ONNX Runtime's finalizable <see cref="OrtValue"/> does to garbage collection: two million iterations that each
/// allocate about 1.4 KB of plain arrays, against the same with two of the 1.4 KB being an input and an output
/// <see cref="OrtValue"/> (made and disposed, as a prediction through <c>InferenceSession.Run</c> makes them), and the
/// gen0 collections and the pause per collection of each. Run it with <c>DOTNET_gcServer=1</c> for server GC.
/// </summary>
public static class OrtValueGcCost
{
    private const int Iterations = 2_000_000;

    public static void Run()
    {
        long[] inputShape = [1, 8];
        long[] outputShape = [1, 1];
        object? kept = null;
        Console.WriteLine($"| allocation per iteration ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC) | µs per iteration | gen0 | pause per collection ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        Measure("10 arrays of 116 bytes", () =>
        {
            for (var k = 0; k < 10; k++)
            {
                kept = new byte[116];
            }
        });
        Measure("two OrtValues (made and disposed) and 8 arrays of 116 bytes", () =>
        {
            using (OrtValue.CreateTensorValueFromMemory(new float[8], inputShape))
            using (OrtValue.CreateTensorValueFromMemory(new float[1], outputShape))
            {
                for (var k = 0; k < 8; k++)
                {
                    kept = new byte[116];
                }
            }
        });
        GC.KeepAlive(kept);
    }

    private static void Measure(string name, Action iteration)
    {
        for (var i = 0; i < Iterations / 4; i++)
        {
            iteration();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gen0 = GC.CollectionCount(0);
        var pause = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            iteration();
        }

        clock.Stop();
        var collections = GC.CollectionCount(0) - gen0;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {clock.Elapsed.TotalMilliseconds * 1000 / Iterations:F2} | {collections} | {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / Math.Max(collections, 1):F2} |"));
    }
}
