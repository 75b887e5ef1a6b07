using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// <c>slipway run FILE --local --step NAME</c>: runs one step's command in this shell, in the current directory, with
/// stdin, stdout and stderr attached, its templates filled and its environment set, and exits with its exit code.
/// No server is involved: inputs are not materialised and nothing is tracked.
/// </summary>
internal static class LocalStepRunner
{
    public static async Task<int> RunAsync(CliContext context, string pipelineFile, string stepName, IReadOnlyDictionary<string, string> overrides, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(pipelineFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"Cannot read the pipeline file '{pipelineFile}': {ex.Message}", ex);
        }

        LocalStep step;
        try
        {
            step = LocalStep.Prepare(text, Path.GetFileName(pipelineFile), stepName, overrides);
        }
        catch (Slipway.Pipelines.Specs.PipelineSpecException ex)
        {
            context.Error.WriteLine($"{Path.GetFileName(pipelineFile)} has {ex.Errors.Count} problem{(ex.Errors.Count == 1 ? string.Empty : "s")}; nothing ran:");
            foreach (var line in ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                context.Error.WriteLine("  " + line);
            }

            context.Error.Flush();
            return SpecProblems.ExitCode;
        }

        var command = step.Command;
        var start = ShellStart(command);
        start.WorkingDirectory = Directory.GetCurrentDirectory();
        foreach (var (key, value) in step.Environment)
        {
            start.Environment[key] = value;
        }

        var matrix = step.Matrix.Count == 0 ? string.Empty : $" with {string.Join(", ", step.Matrix.Select(m => $"{m.Key}={m.Value}"))}";
        context.Error.WriteLine($"Running step '{step.Name}'{matrix} here, without a server (inputs are not materialised, nothing is tracked):");
        context.Error.WriteLine($"$ {command.TrimEnd()}");
        context.Error.Flush();

        // Ctrl+C reaches the step too (same terminal); wait for it to exit rather than leave it behind.
        ConsoleCancelEventHandler keepWaiting = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += keepWaiting;
        try
        {
            using var process = Process.Start(start) ?? throw new CommandException($"Could not start '{start.FileName}'.");
            await process.WaitForExitAsync(CancellationToken.None);
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CommandException($"Could not start '{start.FileName}' to run the step: {ex.Message}", ex);
        }
        finally
        {
            Console.CancelKeyPress -= keepWaiting;
        }
    }

    /// <summary>bash (as the server's executor uses), else sh; cmd on Windows.</summary>
    private static ProcessStartInfo ShellStart(string command)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/s", "/c", command }, UseShellExecute = false };
        }

        var shell = File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh";
        return new ProcessStartInfo(shell) { ArgumentList = { "-c", command, Path.GetFileName(shell) }, UseShellExecute = false };
    }
}
