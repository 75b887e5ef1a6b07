using Slipway.Core.Pipelines;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// A request to run a pipeline: the spec's text (and the file name its messages cite), parameter overrides, the code
/// snapshot (a dataset reference), what started it, and who. <see cref="Register"/> records the spec as the
/// pipeline's current one, whose triggers become active (manual launches do; triggered runs and retries do not).
/// </summary>
public sealed record LaunchRequest(
    string Spec,
    string FileName,
    IReadOnlyDictionary<string, string> Params,
    string? Code,
    PipelineTrigger Trigger,
    string? Creator,
    bool Register = true);
