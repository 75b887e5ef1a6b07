namespace Slipway.Pipelines.Execution;

/// <summary>
/// A command to run: <see cref="Command"/> through <c>bash -c</c> in <see cref="WorkingDirectory"/>, with
/// <see cref="Environment"/> added to the server's own (the executor adds <c>CUDA_VISIBLE_DEVICES</c> for the leased
/// GPUs). Output is appended to <see cref="StdoutPath"/>, <see cref="StderrPath"/> and, both streams as they come, to
/// <see cref="CombinedLogPath"/>, flushed as it arrives so that logs can be followed live. The process group is killed
/// after <see cref="Timeout"/>, or when its resident memory exceeds <see cref="MemoryLimitBytes"/> (0: no limit).
/// <see cref="OnSample"/>, when set, receives CPU, memory and GPU use every <see cref="SampleInterval"/>.
/// </summary>
public sealed record StepLaunch(
    string Command,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string StdoutPath,
    string StderrPath,
    string CombinedLogPath,
    TimeSpan? Timeout = null,
    long MemoryLimitBytes = 0,
    TimeSpan? SampleInterval = null,
    Action<SystemSample>? OnSample = null);
