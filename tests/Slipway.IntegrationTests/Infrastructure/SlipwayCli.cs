using System.Diagnostics;
using System.Text;

namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>The output of one finished <c>slipway</c> command.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs the real <c>slipway</c> CLI (<c>slipway.dll</c>, copied next to the test assembly) as a child process.</summary>
public static class SlipwayCli
{
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "slipway.dll");

    /// <summary>The <c>dotnet</c> host that runs the tests, so the CLI runs on the same runtime.</summary>
    public static string DotnetHost
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            {
                return hostPath;
            }

            var current = Environment.ProcessPath;
            return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        }
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Plain output: no colours or terminal width tricks in what the tests read.
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "250";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("SLIPWAY_TRACKING_URI");
        info.Environment.Remove("MLFLOW_TRACKING_URI");
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }

    /// <summary>Runs a command to completion (killing it after <paramref name="timeout"/>) and captures its output.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = new Process { StartInfo = StartInfo(arguments, environment) };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"slipway {string.Join(' ', arguments)} did not finish in {timeout ?? TimeSpan.FromSeconds(60)}.\n--- stdout ---\n{await stdout}\n--- stderr ---\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a client command against a server, pointing the CLI at it through <c>SLIPWAY_TRACKING_URI</c>.</summary>
    public static Task<CliResult> RunAgainstAsync(string baseUrl, params string[] arguments) =>
        RunAsync(arguments, new Dictionary<string, string> { ["SLIPWAY_TRACKING_URI"] = baseUrl });
}
