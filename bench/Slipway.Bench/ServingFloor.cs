using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Slipway.Bench;

/// <summary>
/// The floor of the serving benchmarks: the least an ASP.NET Core app can do for an inference request on this machine.
/// Kestrel is set up as <c>SlipwayServer</c> sets it up (slim builder, no server header, warnings-only console log),
/// and one routed POST endpoint drains the body and answers a fixed V2 response of the same size as the served model's.
/// Everything the model endpoint does beyond this (middleware, JSON, the engine, ONNX Runtime) is what the benchmark
/// compares against it.
/// </summary>
public static class ServingFloor
{
    // What the linear model answers for one row, byte for byte the shape of the real response.
    private static readonly byte[] Response =
        """{"model_name":"linear","model_version":"1","outputs":[{"name":"y","datatype":"FP32","shape":[1,1],"data":[3.5]}]}"""u8.ToArray();

    /// <summary>Serves on 127.0.0.1:<paramref name="port"/> until Ctrl+C or SIGTERM.</summary>
    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.MapPost("/v2/models/{name}/infer", async context =>
        {
            // Read the request like a real endpoint must, then answer the constant.
            var reader = context.Request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync(context.RequestAborted);
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            context.Response.ContentType = "application/json";
            await context.Response.BodyWriter.WriteAsync(Response, context.RequestAborted);
        });
        Console.WriteLine(FormattableString.Invariant($"floor listening on http://127.0.0.1:{port} (server GC: {System.Runtime.GCSettings.IsServerGC})"));
        await app.RunAsync();
    }
}
