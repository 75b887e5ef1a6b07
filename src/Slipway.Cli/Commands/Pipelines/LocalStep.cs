namespace Slipway.Cli.Commands.Pipelines;

/// <summary>One step of a <see cref="LocalPipeline"/>: its command (or built-in), environment, first matrix combination and outputs.</summary>
internal sealed record LocalStep(
    string Name,
    string? Run,
    string? Uses,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> Matrix,
    IReadOnlyDictionary<string, string> Outputs);
