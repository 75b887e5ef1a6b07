using System.Text;
using System.Text.RegularExpressions;
using Slipway.Cli;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Server.Hosting;

namespace Slipway.Client.Tests.Cli;

/// <summary>
/// <c>slipway serve</c> and the <c>--grpc-port</c> of <c>slipway server</c>: options (through a fake start), and one
/// replica of the real server in-process for its banner and a clean shutdown. Serving through a replica process is
/// covered by the integration tests.
/// </summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_options_become_serving_only_ServerOptions_with_the_shared_server_options()
    {
        var seen = await StartOptionsAsync(
            "serve", "--deployment", "churn", "--workspace", "fraud-team", "--host", "0.0.0.0", "--port", "9000", "--grpc-port", "9001",
            "--data-dir", "/tmp/slipway-replica", "--store", "postgresql://u:p@db:5432/slipway", "--artifacts-dir", "/mnt/artifacts", "--auth", "required");

        Assert.Equal(("0.0.0.0", 9000, "/tmp/slipway-replica", "postgresql://u:p@db:5432/slipway", "/mnt/artifacts", "required"), (seen.Host, seen.Port, seen.DataDirectory, seen.StoreUri, seen.ArtifactsDirectory, seen.Authentication));
        Assert.Equal(("churn", null, "fraud-team", 9001), (seen.Serving.Deployment, seen.Serving.Model, seen.Serving.Workspace, seen.Serving.GrpcPort));
        Assert.True(seen.Serving.ServingOnly);
    }

    [Fact]
    public async Task Serve_defaults_to_ports_8080_and_8081_in_the_default_workspace()
    {
        var seen = await StartOptionsAsync("serve", "--model", "models:/churn@champion");

        Assert.Equal(("127.0.0.1", 8080, ServerOptions.DefaultDataDirectory()), (seen.Host, seen.Port, seen.DataDirectory));
        Assert.Equal((null, "models:/churn@champion", "default", 8081), (seen.Serving.Deployment, seen.Serving.Model, seen.Serving.Workspace, seen.Serving.GrpcPort));
    }

    [Fact]
    public async Task Server_serves_grpc_only_when_asked()
    {
        var without = await StartOptionsAsync("server");
        var with = await StartOptionsAsync("server", "--grpc-port", "8081");

        Assert.Null(without.Serving.GrpcPort);
        Assert.Equal(8081, with.Serving.GrpcPort);
        Assert.False(with.Serving.ServingOnly);
    }

    [Fact]
    public async Task A_port_in_use_names_both_ports_when_grpc_is_on()
    {
        var result = await CliRunner.RunAsync(
            ["serve", "--model", "models:/churn@champion"],
            startServer: (_, _) => throw new IOException("Failed to bind: address already in use."));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Port 8080 or gRPC port 8081 on 127.0.0.1 is already in use; choose others with --port and --grpc-port", result.Stderr.Trim());
    }

    [Fact]
    public async Task A_replica_prints_what_it_serves_and_its_http_and_grpc_addresses_then_stops_cleanly()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("slipway-cli-serve-").FullName;
        try
        {
            var stdout = new StringBuilder();
            using var output = TextWriter.Synchronized(new StringWriter(stdout));
            using var errors = new StringWriter();
            using var stop = new CancellationTokenSource();
            var context = new CliContext(output, errors) { StartServer = SlipwayServer.StartAsync };

            var run = CliApplication.InvokeAsync(
                ["serve", "--model", "models:/Churn Model@champion", "--port", "0", "--grpc-port", "0", "--data-dir", dataDirectory], context, stop.Token);
            var banner = await WaitForBannerAsync(stdout, run);

            var http = Regex.Match(banner, @"^Listening on (http://127\.0\.0\.1:[1-9][0-9]*)$", RegexOptions.Multiline);
            var grpc = Regex.Match(banner, @"^gRPC:\s+(http://127\.0\.0\.1:[1-9][0-9]*) \(Open Inference Protocol\)$", RegexOptions.Multiline);
            Assert.True(http.Success && grpc.Success, banner);
            Assert.NotEqual(http.Groups[1].Value, grpc.Groups[1].Value);
            Assert.Contains("Serving:     models:/Churn Model@champion as 'churn-model' (workspace 'default')", banner, StringComparison.Ordinal);
            Assert.Contains("POST /v2/models/churn-model/infer", banner, StringComparison.Ordinal);
            using (var client = new HttpClient())
            {
                // Serving-only: health answers, the tracking API does not exist.
                Assert.True((await client.GetAsync(new Uri(http.Groups[1].Value + "/v2/health/live"))).IsSuccessStatusCode);
                Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(new Uri(http.Groups[1].Value + "/api/2.0/mlflow/experiments/search"))).StatusCode);
            }

            await stop.CancelAsync();

            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("Stopped.", stdout.ToString(), StringComparison.Ordinal);
            Assert.Empty(errors.ToString());
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<ServerOptions> StartOptionsAsync(params string[] args)
    {
        ServerOptions? seen = null;
        var result = await CliRunner.RunAsync(args, startServer: (options, _) =>
        {
            seen = options;
            throw new ArgumentException("stop here");
        });

        Assert.True(seen is not null, result.Stderr);
        return seen;
    }

    private static async Task<string> WaitForBannerAsync(StringBuilder stdout, Task<int> run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            string text;
            lock (stdout)
            {
                text = stdout.ToString();
            }

            if (text.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"No banner (exit code {(run.IsCompleted ? run.Result : null)}): {stdout}");
    }
}
