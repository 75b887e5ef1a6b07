namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Where one step's files live: its working directory (fresh for each attempt) and, beside it so the step cannot
/// overwrite them, its logs.
/// </summary>
public sealed class StepPaths(string workDirectory, string runId, string step)
{
    public string Directory { get; } = Path.Combine(workDirectory, runId, "steps", step);

    public string LogDirectory { get; } = Path.Combine(workDirectory, runId, "logs", step);

    public string StdoutLog => Path.Combine(LogDirectory, "stdout.log");

    public string StderrLog => Path.Combine(LogDirectory, "stderr.log");

    /// <summary>Both streams as they came, what <c>slipway runs logs --follow</c> shows.</summary>
    public string CombinedLog => Path.Combine(LogDirectory, "output.log");

    public string InputPath(string input) => Path.Combine(Directory, "inputs", input);

    /// <summary>Where a declared output is written: its path relative to the step directory.</summary>
    public string OutputPath(string relativePath) => Path.GetFullPath(Path.Combine(Directory, relativePath.TrimEnd('/')));
}
