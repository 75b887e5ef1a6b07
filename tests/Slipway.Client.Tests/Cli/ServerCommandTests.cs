using System.Net.Sockets;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;
using Slipway.Server.Hosting;

namespace Slipway.Client.Tests.Cli;

/// <summary>
/// The server command's option handling and start-up failures. Serving itself is covered end to end against the real
/// server, which unit tests cannot construct.
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
