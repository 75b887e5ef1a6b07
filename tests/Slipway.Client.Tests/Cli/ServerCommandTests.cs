using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Slipway.Cli;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;
using Slipway.Server.Hosting;

namespace Slipway.Client.Tests.Cli;

/// <summary>
/// The server command: options, start-up failures (through a fake start), and one run of the real server in-process
/// for the banner and a clean shutdown. Serving itself is covered by the integration tests.
/// </summary>
public sealed class ServerCommandTests
{
    [Fact]
    public async Task Options_become_ServerOptions()
    {
        ServerOptions? seen = null;

        await CliRunner.RunAsync(
            ["server", "--host", "0.0.0.0", "--port", "0", "--data-dir", "/tmp/slipway-test", "--store", "sqlite:///tmp/x.db", "--artifacts-dir", "/tmp/art", "--sqlite-sync", "normal"],
            startServer: (options, _) =>
            {
                seen = options;
                throw new ArgumentException("stop here");
            });

        Assert.NotNull(seen);
        Assert.Equal(("0.0.0.0", 0, "/tmp/slipway-test", "sqlite:///tmp/x.db", "/tmp/art"), (seen.Host, seen.Port, seen.DataDirectory, seen.StoreUri, seen.ArtifactsDirectory));
        Assert.Equal("normal", seen.SqliteSynchronous);
    }

    [Fact]
    public async Task Defaults_listen_on_localhost_5000_with_the_home_data_directory()
    {
        ServerOptions? seen = null;

        await CliRunner.RunAsync(["server"], startServer: (options, _) =>
        {
            seen = options;
            throw new ArgumentException("stop here");
        });

        Assert.Equal(("127.0.0.1", 5000, ServerOptions.DefaultDataDirectory(), null, null), (seen!.Host, seen.Port, seen.DataDirectory, seen.StoreUri, seen.ArtifactsDirectory));
        Assert.Equal("full", seen.SqliteSynchronous);
    }

    [Fact]
    public async Task A_data_dir_under_home_is_expanded()
    {
        ServerOptions? seen = null;

        await CliRunner.RunAsync(["server", "--data-dir", "~/slipway-data"], startServer: (options, _) =>
        {
            seen = options;
            throw new ArgumentException("stop here");
        });

        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "slipway-data"), seen!.DataDirectory);
    }

    private static async Task<string> WaitForListeningAddressAsync(StringBuilder stdout, Task<int> run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            string text;
            lock (stdout)
            {
                text = stdout.ToString();
            }

            var match = Regex.Match(text, @"^Listening on (http://127\.0\.0\.1:[1-9][0-9]*)$", RegexOptions.Multiline);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"No 'Listening on' line (exit code {(run.IsCompleted ? run.Result : null)}): {stdout}");
    }

    public static TheoryData<Exception> PortInUseFailures() => new()
    {
        new IOException("Failed to bind to address http://127.0.0.1:5000: address already in use.", new InvalidOperationException("Address already in use")),
        new SocketException((int)SocketError.AddressAlreadyInUse),
    };

    [Theory]
    [MemberData(nameof(PortInUseFailures))]
    public async Task A_port_in_use_is_one_clear_line(Exception failure)
    {
        var result = await CliRunner.RunAsync(["server"], startServer: (_, _) => throw failure);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Port 5000 on 127.0.0.1 is already in use; choose another with --port", result.Stderr.Trim());
    }

    public static TheoryData<Exception, string> StartFailures() => new()
    {
        { new ArgumentException("Unsupported store URI 'mysql://x': use sqlite:/// or postgresql://"), "error: Unsupported store URI 'mysql://x': use sqlite:/// or postgresql://" },
        { new SlipwayException(ErrorCode.TemporarilyUnavailable, "Cannot connect to PostgreSQL at db:5432: connection refused"), "error: Cannot connect to PostgreSQL at db:5432: connection refused" },
        { new IOException("Permission denied: /data"), "error: Permission denied: /data" },
    };

    [Theory]
    [MemberData(nameof(StartFailures))]
    public async Task Start_failures_print_the_message_without_a_stack_trace(Exception failure, string expected)
    {
        var result = await CliRunner.RunAsync(["server", "--store", "whatever://"], startServer: (_, _) => throw failure);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, result.Stderr.Trim());
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_store_password_never_appears_in_a_start_error()
    {
        var result = await CliRunner.RunAsync(
            ["server", "--store", "postgresql://slipway:s3cr%40t@db:5432/slipway"],
            startServer: (options, _) => throw new SlipwayException(
                ErrorCode.TemporarilyUnavailable, "Cannot open postgresql://slipway:s3cr%40t@db:5432/slipway (password s3cr@t): connection refused"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Cannot open postgresql://slipway:***@db:5432/slipway (password ***): connection refused", result.Stderr.Trim());
    }

    [Fact]
    public async Task Prints_the_listening_address_then_shuts_down_cleanly_when_cancelled()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("slipway-cli-server-").FullName;
        try
        {
            var stdout = new StringBuilder();
            using var output = TextWriter.Synchronized(new StringWriter(stdout));
            using var errors = new StringWriter();
            using var stop = new CancellationTokenSource();
            var context = new CliContext(output, errors) { StartServer = SlipwayServer.StartAsync };

            var run = CliApplication.InvokeAsync(["server", "--port", "0", "--data-dir", dataDirectory], context, stop.Token);
            var address = await WaitForListeningAddressAsync(stdout, run);
            using (var client = new SlipwayClient(new Uri(address)))
            {
                Assert.True(await client.IsLiveAsync());
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

    [Fact]
    public async Task Cancelling_during_start_up_exits_cleanly()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await CliRunner.RunAsync(
            ["server"],
            startServer: (_, token) => Task.FromCanceled<SlipwayServer>(token),
            cancellationToken: cancelled.Token);

        Assert.Equal(0, result.ExitCode);
    }
}
