namespace Slipway.Pipelines.Specs;

/// <summary>
/// One step as written. Exactly one of <see cref="Run"/> (a shell command, run in a fresh step directory) and
/// <see cref="Uses"/> (a built-in step, configured by <see cref="With"/>) is set. <see cref="Needs"/> holds the
/// explicit edges only; <see cref="PipelineGraph"/> adds those implied by inputs and conditions.
/// </summary>
public sealed record StepSpec(
    string Name,
    string? Run,
    string? Uses,
    IReadOnlyDictionary<string, string> With,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<InputSpec> Inputs,
    IReadOnlyList<OutputSpec> Outputs,
    IReadOnlyList<string> Needs,
    ResourceRequest Resources,
    RetryPolicy Retries,
    TimeSpan? Timeout,
    bool Cache,
    IReadOnlyList<string> Code,
    Condition? When,
    MatrixSpec? Matrix,
    SourceLocation Location);
