namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// What a built-in step works with: its workspace, the user who started the pipeline, its own tracking run, its
/// directory (where the pipeline's files are), its <c>with</c> settings with templates substituted, and a way to find
/// the runs and outputs of the steps it names.
/// </summary>
public sealed record BuiltInContext(
    string WorkspaceId,
    string? Creator,
    string RunId,
    string StepDirectory,
    IReadOnlyDictionary<string, string> With,
    IStepRunLookup Steps);
