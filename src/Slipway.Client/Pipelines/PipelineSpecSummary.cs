namespace Slipway.Client.Pipelines;

/// <summary>
/// What a pipeline file declares, as the server understood it: its name, the experiment its runs are tracked in, its
/// params, its steps with every step each waits for (explicit and implied), its triggers (such as
/// <c>schedule:0 3 * * *@Europe/Paris</c>), its concurrency policy (<c>allow</c>, <c>skip-if-running</c>, <c>queue</c>)
/// and the cooldown between automatic runs.
/// </summary>
public sealed record PipelineSpecSummary(
    string Name,
    string? Description,
    string Experiment,
    IReadOnlyList<PipelineParamInfo> Params,
    IReadOnlyList<PipelineStepSummary> Steps,
    IReadOnlyList<string> Triggers,
    string Concurrency,
    TimeSpan Cooldown);
