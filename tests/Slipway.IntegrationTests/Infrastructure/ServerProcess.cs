using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>
/// The real server: <c>dotnet slipway.dll server --host 127.0.0.1 --port 0 --data-dir DIR</c> as a child process.
/// Start waits for the <c>Listening on http://...</c> line. <see cref="Kill"/> is SIGKILL on Linux (no shutdown
/// hooks run), for crash tests. Dispose always kills and waits, so no process outlives the test.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly OutputBuffer _output;

    private ServerProcess(Process process, OutputBuffer output, string baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL without a trailing slash.</summary>
    public string BaseUrl { get; }

    public bool HasExited => _process.HasExited;

    public string StandardOutput => _output.Stdout;

    public string StandardError => _output.Stderr;

    public static Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArguments) =>
        StartAsync(["server", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory, .. extraArguments]);

    /// <param name="environment">Variables to set for the server process, such as SLIPWAY_ADMIN_PASSWORD.</param>
    public static async Task<ServerProcess> StartAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var process = new Process { StartInfo = SlipwayCli.StartInfo(arguments), EnableRaisingEvents = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            process.StartInfo.Environment[name] = value;
        }

        var output = new OutputBuffer();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.AppendStdout(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups["url"].Value.TrimEnd('/'));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.AppendStderr(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The server exited before it was listening."));

        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await listening.Task.WaitAsync(StartTimeout);
            return new ServerProcess(process, output, url);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await KillAndWaitAsync(process);
            var why = ex is TimeoutException
                ? $"did not print 'Listening on' within {StartTimeout.TotalSeconds:0} s"
                : $"exited with code {process.ExitCode} before printing 'Listening on'";
            process.Dispose();
            throw new InvalidOperationException(
                $"slipway {string.Join(' ', arguments)} {why}.\n" +
                $"--- stdout ---\n{output.Stdout}\n--- stderr ---\n{output.Stderr}",
                ex);
        }
    }

    /// <summary>Kills the server and its children at once (SIGKILL on Linux) and waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.WaitForExit();
    }

    /// <summary>
    /// Kills the server process alone (SIGKILL on Linux), as a crash would: the processes it started are not killed
    /// with it but live on as orphans, for the next start to find.
    /// </summary>
    public void Crash()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAndWaitAsync(_process);
        _process.Dispose();
    }

    public override string ToString() => $"{BaseUrl}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    private static async Task KillAndWaitAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited (or never started).
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
    }

    [GeneratedRegex(@"Listening on (?<url>https?://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>Output lines gathered from the process's event threads.</summary>
    private sealed class OutputBuffer
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();

        public string Stdout
        {
            get
            {
                lock (_gate)
                {
                    return _stdout.ToString();
                }
            }
        }

        public string Stderr
        {
            get
            {
                lock (_gate)
                {
                    return _stderr.ToString();
                }
            }
        }

        public void AppendStdout(string line)
        {
            lock (_gate)
            {
                _stdout.AppendLine(line);
            }
        }

        public void AppendStderr(string line)
        {
            lock (_gate)
            {
                _stderr.AppendLine(line);
            }
        }
    }
}
